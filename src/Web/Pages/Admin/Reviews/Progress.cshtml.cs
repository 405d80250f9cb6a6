using System.Text.Json;
using CallManager.Web.Resources;
using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection.Ranking;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Pages.Admin.Reviews;

/// <summary>
/// A call's review progress for administrators: per reviewer n of m submitted and late ones (deadline in the call's zone),
/// per dossier reviews done, the score distribution per criterion, and the reviews exported as CSV or XLSX. Before the review
/// deadline, reviewers with unfinished reviews can be reminded now, one or all (Post/Redirect/Get, the outcome carried once in TempData).
/// </summary>
public sealed class ProgressModel(CallService calls, ReviewProgressQuery progress, ReviewReminders reminders, TimeProvider clock,
    IStringLocalizer<UiText> text) : PageModel
{
    private const string RemindedKey = "Progress.Reminded";

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;
    public ReviewBoard Board { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }

    /// <summary>What the last "remind now" did (shown once, on the page it redirects to).</summary>
    public ReviewersReminded? Reminded { get; private set; }

    public async Task OnGetAsync()
    {
        if (TempData[RemindedKey] is string json) Reminded = JsonSerializer.Deserialize<ReviewersReminded>(json);
        await LoadAsync();
    }

    /// <summary>Reminds one reviewer now; a refusal (deadline passed, nothing unfinished, reminded less than 12 hours ago) shows on the page.</summary>
    public Task<IActionResult> OnPostRemindAsync(string? reviewerId) => RemindAsync(reviewerId ?? "");

    /// <summary>Reminds now every reviewer with unfinished reviews, except those reminded less than 12 hours ago.</summary>
    public Task<IActionResult> OnPostRemindAllAsync() => RemindAsync(null);

    /// <summary>Reviewers with unfinished reviews who may be reminded (none once the deadline has passed).</summary>
    public bool CanRemind(ReviewerProgress reviewer) => !Board.DeadlinePassed && reviewer.Submitted < reviewer.Assigned;

    private Task<IActionResult> RemindAsync(string? reviewerId) => this.RunAsync($"/Admin/Calls/{Id}/Progress?done=reminded", async actor =>
    {
        var result = await reminders.RemindNowAsync(Id, reviewerId, actor);
        TempData[RemindedKey] = JsonSerializer.Serialize(result);
    }, LoadAsync);

    /// <summary>One row per review as <paramref name="format"/> "csv" or "xlsx"; reviewers are pseudonymised when the call is anonymised.</summary>
    public async Task<IActionResult> OnGetExportAsync(string format)
    {
        await LoadAsync();
        var language = Format.Language;
        var headers = new List<string> { text["Receipt.Dossier"], text["Export.Title"], text["Admin.Assignments.Reviewer"], text["Admin.Assignments.Status"] };
        headers.AddRange(Call.Criteria.Select(c => language == "en" ? c.LabelEn : c.LabelFr));
        headers.AddRange([text["Export.Reviews.Total"], text["Export.Reviews.Comment"], text["Export.Reviews.CriterionComments"], text["Export.Reviews.Confidence"],
            $"{text["Export.Reviews.SubmittedAt"]} ({Call.TimeZone})"]);
        var criteria = Call.Criteria.Select(c => new SnapshotCriterion(c.Key, c.LabelFr, c.LabelEn, c.Weight, c.ScaleMax, c.PassMark)).ToList();
        var reviewers = Board.Reviews.Select(r => r.ReviewerId).Distinct().Order(StringComparer.Ordinal).Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i + 1);
        var rows = Board.Reviews.Select(r =>
        {
            var row = new List<object?> { r.Reference, r.Title, Call.Review.Anonymise ? text["Export.Reviews.Pseudonym", reviewers[r.ReviewerId]].Value : r.ReviewerEmail, Status(r) };
            row.AddRange(Call.Criteria.Select(c => (object?)r.Scores.FirstOrDefault(s => s.Key == c.Key)?.Score));
            var total = RankingCalculator.ReviewerTotal(criteria, r.Scores.Select(s => new SnapshotScore(s.Key, s.Score)).ToList());
            row.AddRange([r.Scores.Count > 0 ? Math.Round(total, 2, MidpointRounding.AwayFromZero) : null, r.OverallComment, CriterionComments(r, language), r.Confidence,
                r.SubmittedAt is { } at ? new ExportTime(at, Call.TimeZone) : null]);
            return (IReadOnlyList<object?>)row;
        }).ToList();
        var table = new ExportTable(Call.Code, headers, rows);
        var name = $"{Call.Code}-reviews";
        return format == "xlsx" ? File(table.ToXlsx(), ExportTable.XlsxType, name + ".xlsx") : File(table.ToCsv(), ExportTable.CsvType, name + ".csv");
    }

    private string Status(ReviewBoardRow r) =>
        text["Review.Status." + r.Status] + (r.Conflicted ? " (" + text["Admin.Assignments.Conflicted"] + ")" : r.Late ? " (" + text["Progress.Late"] + ")" : "");

    private string CriterionComments(ReviewBoardRow r, string language) => string.Join(" ; ", r.Scores.Where(s => s.Comment is not null)
        .Select(s => (Call.Criteria.FirstOrDefault(c => c.Key == s.Key) is { } c ? (language == "en" ? c.LabelEn : c.LabelFr) : s.Key) + " : " + s.Comment));

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Now = clock.GetUtcNow();
        Call = await calls.FindAsync(Id, actor);
        Board = await progress.BoardAsync(Id, actor);
    }
}
