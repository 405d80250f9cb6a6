using System.Globalization;
using CallManager.Domain.Common;
using CallManager.Domain.Privacy;
using CallManager.Domain.Reviews;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Jury;

/// <summary>
/// The juror's desk: the dossier as the applicant sees it beside the scoring grid (anchored scales, weighted total, comments,
/// confidence); autosave, save, submit, and the previous/next dossier of the juror's list.
/// </summary>
public sealed class ReviewModel(ReviewService reviews) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Command Input { get; set; } = new();
    public ReviewDesk Desk { get; private set; } = null!;
    public ReviewDetail Review => Desk.Review;

    /// <summary>The refusal's problems in the order of the form, each with the id of the control it is about.</summary>
    public List<(string Anchor, string Message)> Errors { get; } = [];

    public async Task OnGetAsync([FromServices] ReadingLog reads)
    {
        var actor = await this.ActorAsync();
        Desk = await reviews.DeskAsync(Id, actor);
        await reads.RecordAsync(actor, Review.ApplicationId, null, "page");
        Input = new Command
        {
            Scores = Review.Scores.ToDictionary(s => s.Key, s => s.Score),
            Comments = Review.Scores.ToDictionary(s => s.Key, s => s.Comment),
            OverallComment = Review.OverallComment, Confidence = Review.Confidence,
        };
    }

    /// <summary>Saves the draft, then submits when asked; back on the page with what was done, or with the problems in form order.</summary>
    public async Task<IActionResult> OnPostAsync(bool submit)
    {
        var actor = await this.ActorAsync();
        try
        {
            await reviews.SaveAsync(Id, Input.ToSave(), actor);
            if (submit) await reviews.SubmitAsync(Id, actor);
            return Redirect($"/Jury/Review/{Id}?done={(submit ? "submitted" : "saved")}");
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            Desk = await reviews.DeskAsync(Id, actor);
            AddErrors(refusal);
            return Page();
        }
    }

    /// <summary>Autosave from the page's script: saves the draft and answers the time saved and the weighted total, or 400 with the problem.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync([FromServices] TimeProvider clock)
    {
        var actor = await this.ActorAsync();
        try
        {
            var saved = await reviews.SaveAsync(Id, Input.ToSave(), actor);
            return new JsonResult(new { savedAt = SavedAt(saved.UpdatedAt ?? clock.GetUtcNow(), saved.TimeZone), total = Format.Number(saved.WeightedTotal) });
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            return new JsonResult(new { message = refusal.Localized() }) { StatusCode = StatusCodes.Status400BadRequest };
        }
    }

    /// <summary>A file of the dossier, shown in the page (<paramref name="download"/> false) or downloaded.</summary>
    public async Task<IActionResult> OnGetDocumentAsync(Guid attachmentId, bool download)
    {
        var actor = await this.ActorAsync();
        var review = await reviews.GetAsync(Id, actor);
        return await this.AttachmentAsync(review.ApplicationId, attachmentId, download, actor);
    }

    /// <summary>The time of a save as the page shows it: hours and minutes in the call's zone.</summary>
    public static string SavedAt(DateTimeOffset at, string zone) =>
        Domain.Calls.CallClock.ToLocal(at, Domain.Calls.CallClock.Zone(zone)).ToString("HH:mm", CultureInfo.InvariantCulture);

    private void AddErrors(DomainException refusal)
    {
        var problems = refusal.LocalizedErrors();
        if (problems.Count == 0) { Errors.Add(("", refusal.Localized())); ModelState.AddModelError("", refusal.Localized()); return; }
        var keys = Input.ToSave().Scores!.Select(s => s.Key).ToList();
        var order = Review.Criteria.Select((c, i) => (c.Key, i)).ToDictionary(x => x.Key, x => x.i);
        var placed = problems.SelectMany(p => p.Value.Select(m => (Place: Place(p.Key, keys, order), Message: m)))
            .OrderBy(x => x.Place.Order).ThenBy(x => x.Place.Anchor, StringComparer.Ordinal);
        foreach (var (place, message) in placed)
        {
            Errors.Add((place.Anchor, message));
            ModelState.AddModelError(place.Anchor, message);
        }
    }

    /// <summary>Where a domain error key ("scores.k", "scores.k.comment", "scores[i].score", "overallComment", "confidence") sits in the form.</summary>
    private (int Order, string Anchor) Place(string key, List<string?> keys, Dictionary<string, int> order)
    {
        if (key == "overallComment") return (order.Count * 2, "overall");
        if (key == "confidence") return (order.Count * 2 + 1, "confidence-1");
        var parts = key.Split('.');
        var criterion = parts[0].StartsWith("scores[", StringComparison.Ordinal) && int.TryParse(parts[0][7..^1], out var i) && i < keys.Count ? keys[i]
            : parts.Length > 1 ? parts[1] : null;
        if (criterion is null || !order.TryGetValue(criterion, out var index)) return (-1, "");
        var comment = key.EndsWith("comment", StringComparison.OrdinalIgnoreCase);
        return (index * 2 + (comment ? 1 : 0), comment ? "comment-" + criterion : $"score-{criterion}-0");
    }

    /// <summary>What the juror enters: a score and a comment per criterion key, an overall comment, a confidence.</summary>
    public sealed class Command
    {
        public Dictionary<string, decimal?> Scores { get; set; } = [];
        public Dictionary<string, string?> Comments { get; set; } = [];
        public string? OverallComment { get; set; }
        public int? Confidence { get; set; }

        /// <summary>The domain's input: every criterion scored or commented, in the order posted.</summary>
        public SaveReviewInput ToSave() => new(Scores.Keys.Union(Comments.Keys)
            .Select(k => new CriterionScoreInput(k, Scores.GetValueOrDefault(k), Comments.GetValueOrDefault(k))).ToList(), OverallComment ?? "", Confidence);
    }
}
