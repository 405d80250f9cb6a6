using CallManager.Web.Ui;
using CallManager.Workflow.Calls;
using CallManager.Workflow.Reviews;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Reviews;

/// <summary>A call's assignments for administrators: automatic assignment with its result (unfilled slots, loads), the list, removal of drafts.</summary>
public sealed class AssignmentsModel(CallService calls, AssignmentService assignments) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;
    public List<AssignmentView> Assignments { get; private set; } = [];

    /// <summary>What the automatic assignment just did (shown right after the run).</summary>
    public AutoAssignResult? Result { get; private set; }

    /// <summary>The automatic assignment form (blank fields take the call's settings).</summary>
    public sealed record AutoCommand(int? ReviewersPerDossier, int? MaxPerReviewer, string? Solver);

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAutoAsync(AutoCommand auto)
    {
        if (ModelState.IsValid)
        {
            try
            {
                Result = await assignments.AutoAssignAsync(Id, new AutoAssignInput(auto.ReviewersPerDossier, auto.MaxPerReviewer, auto.Solver), await this.ActorAsync());
            }
            catch (CallManager.Workflow.Common.DomainException refusal) when (refusal.Kind is CallManager.Workflow.Common.DomainErrorKind.Invalid
                or CallManager.Workflow.Common.DomainErrorKind.Conflict)
            {
                ModelState.AddModelError("", refusal.Localized());
            }
        }
        await LoadAsync();
        return Page();
    }

    public Task<IActionResult> OnPostRemoveAsync(Guid reviewId) =>
        this.RunAsync($"/Admin/Calls/{Id}/Assignments?done=removed", actor => assignments.UnassignAsync(Id, reviewId, actor), LoadAsync);

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Call = await calls.FindAsync(Id, actor);
        Assignments = await assignments.ListAsync(Id, actor);
    }
}
