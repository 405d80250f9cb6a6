using CallManager.Web.Ui;
using CallManager.Workflow.Calls;
using CallManager.Workflow.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>An administrator's dashboard of one call: its deadlines (live countdown under 7 days) and the pipeline of dossiers per status.</summary>
public sealed class OverviewModel(CallService calls, ApplicationService applications, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }

    /// <summary>Dossiers per status, in lifecycle order (every status, zeros included).</summary>
    public List<(ApplicationStatus Status, int Count)> Pipeline { get; private set; } = [];
    public int Eligible { get; private set; }
    public int Total { get; private set; }

    public async Task OnGetAsync()
    {
        var actor = await this.ActorAsync();
        Now = clock.GetUtcNow();
        Call = await calls.FindAsync(Id, actor);
        var dossiers = await applications.ListForCallAsync(Id, actor);
        Total = dossiers.Count;
        Eligible = dossiers.Count(d => d.Eligible == true);
        var counts = dossiers.GroupBy(d => d.Status).ToDictionary(g => g.Key, g => g.Count());
        Pipeline = Enum.GetValues<ApplicationStatus>().Select(s => (s, counts.GetValueOrDefault(s))).ToList();
    }
}
