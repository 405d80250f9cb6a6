using CallManager.Web.Ui;
using CallManager.Domain.Selection.Applicants;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant;

/// <summary>"My dossiers": the dossiers of the applicant's organisations, where each stands, its dated history and its documents.</summary>
public sealed class IndexModel(ApplicationService applications, ApplicationTimelines timelines) : PageModel
{
    public List<ApplicationSummary> Dossiers { get; private set; } = [];
    public Dictionary<Guid, ApplicationTimeline> Timelines { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var actor = await this.ActorAsync();
        Dossiers = await applications.ListMineAsync(actor);
        Timelines = await timelines.MineAsync(actor);
    }

    /// <summary>The steps of a dossier's progress and whether each is reached: drafted, submitted, checked, under review, decided.</summary>
    public static IReadOnlyList<(string Key, bool Done)> Timeline(ApplicationSummary d, ApplicationTimeline? history)
    {
        bool Reached(TimelineKind kind) => history?.Events.Any(e => e.Kind == kind) == true;
        return
        [
            ("Timeline.Draft", true),
            ("Timeline.Submitted", d.CurrentVersion > 0),
            ("Timeline.Checked", Reached(TimelineKind.Checked)),
            ("Timeline.UnderReview", Reached(TimelineKind.UnderReview)),
            ("Timeline.Decided", history?.DecisionPublished == true),
        ];
    }

    /// <summary>The resource key and argument describing one step of the history.</summary>
    public static (string Key, string? Status) Describe(TimelineEvent e) => ("Timeline.Event." + e.Kind, e.Status?.ToString());
}
