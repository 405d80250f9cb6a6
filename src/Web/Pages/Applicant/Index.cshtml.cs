using CallManager.Web.Ui;
using CallManager.Workflow.Submissions;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant;

/// <summary>"My dossiers": the dossiers of the applicant's organisations with where each stands.</summary>
public sealed class IndexModel(ApplicationService applications) : PageModel
{
    public List<ApplicationSummary> Dossiers { get; private set; } = [];

    public async Task OnGetAsync() => Dossiers = await applications.ListMineAsync(await this.ActorAsync());

    /// <summary>The steps of a dossier's timeline and whether each is reached: drafted, submitted, checked, decided.</summary>
    public static IReadOnlyList<(string Key, bool Done)> Timeline(ApplicationSummary d) =>
    [
        ("Timeline.Draft", true),
        ("Timeline.Submitted", d.CurrentVersion > 0),
        ("Timeline.Checked", d.Status is ApplicationStatus.Admissible or ApplicationStatus.Inadmissible or ApplicationStatus.Selected),
        ("Timeline.Decided", d.Status is ApplicationStatus.Selected),
    ];
}
