using CallManager.Web.Ui;
using CallManager.Domain.Common;
using CallManager.Domain.Reviews;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Jury;

/// <summary>The review form: the dossier's answers, a score and comment per criterion with its anchored scale, overall comment, confidence; save or submit.</summary>
public sealed class ReviewModel(ReviewService reviews) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Command Input { get; set; } = new();
    public ReviewDetail Review { get; private set; } = null!;

    public async Task OnGetAsync([FromServices] Domain.Privacy.ReadingLog reads)
    {
        var actor = await this.ActorAsync();
        Review = await reviews.GetAsync(Id, actor);
        await reads.RecordAsync(actor, Review.ApplicationId, null, "page");
        Input = new Command
        {
            Scores = Review.Scores.ToDictionary(s => s.Key, s => s.Score),
            Comments = Review.Scores.ToDictionary(s => s.Key, s => s.Comment),
            OverallComment = Review.OverallComment, Confidence = Review.Confidence,
        };
    }

    /// <summary>Saves the draft, then submits when asked.</summary>
    public async Task<IActionResult> OnPostAsync(bool submit)
    {
        var actor = await this.ActorAsync();
        try
        {
            var scores = Input.Scores.Select(s => new CriterionScoreInput(s.Key, s.Value, Input.Comments.GetValueOrDefault(s.Key))).ToList();
            await reviews.SaveAsync(Id, new SaveReviewInput(scores, Input.OverallComment ?? "", Input.Confidence), actor);
            if (submit) await reviews.SubmitAsync(Id, actor);
            return RedirectToPage(new { Id });
        }
        catch (DomainException refusal) { ModelState.AddDomainErrors(refusal); }
        Review = await reviews.GetAsync(Id, actor);
        return Page();
    }

    /// <summary>What the reviewer enters: a score and a comment per criterion key, an overall comment, a confidence.</summary>
    public sealed class Command
    {
        public Dictionary<string, decimal?> Scores { get; set; } = [];
        public Dictionary<string, string?> Comments { get; set; } = [];
        public string? OverallComment { get; set; }
        public int? Confidence { get; set; }
    }
}
