using CallManager.Domain.Calls;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Submissions;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>An administrator's dashboard of one call: its deadlines (live countdown under 7 days) and the pipeline of dossiers per status, review progress and budget use.</summary>
public sealed class OverviewModel(CallService calls, ApplicationService applications, ReviewProgressQuery reviews, DecisionService decisions,
    CallManager.Runtime.WorkflowQueries workflows, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }

    /// <summary>Dossiers per status, in lifecycle order (every status, zeros included).</summary>
    public List<(ApplicationStatus Status, int Count)> Pipeline { get; private set; } = [];
    public int Eligible { get; private set; }
    public int Total { get; private set; }
    public ReviewProgress Reviews { get; private set; } = new(0, 0);
    /// <summary>The envelope and the total held by selected dossiers.</summary>
    public (decimal Budget, decimal Selected) BudgetUse { get; private set; }
    /// <summary>The call's workflows without a published definition (shown as a warning: its timers never run).</summary>
    public IReadOnlyList<string> MissingWorkflows { get; private set; } = [];

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
        Reviews = await reviews.ForCallAsync(Id);
        var decided = await decisions.ListAsync(Id, actor);
        BudgetUse = (decided.Budget, decided.SelectedTotal);
        if (Call.Status != CallStatus.Draft)
            MissingWorkflows = await workflows.UnpublishedAsync([Call.CallWorkflowId, Call.ApplicationWorkflowId]);
    }
}
