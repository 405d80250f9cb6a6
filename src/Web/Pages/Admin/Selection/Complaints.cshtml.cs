using CallManager.Web.Pages.Admin.Reviews;
using CallManager.Web.Ui;
using CallManager.Workflow.Calls;
using CallManager.Workflow.Common;
using CallManager.Workflow.Selection.Complaints;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Selection;

/// <summary>A call's complaints for administrators: each with its status, and for open ones the outcome form (rejected, or upheld back to review).</summary>
public sealed class ComplaintsModel(CallService calls, ComplaintService complaints) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;
    public List<ComplaintView> Complaints { get; private set; } = [];

    /// <summary>The outcome of one open complaint: Rejected or Upheld (the dossier returns to review), with the reason the applicant reads.</summary>
    public sealed record OutcomeCommand(Guid ComplaintId, ComplaintStatus? Outcome, string? Reason);

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostResolveAsync(OutcomeCommand outcome) => this.RunAsync($"/Admin/Calls/{Id}/Complaints?done=1", async actor =>
    {
        if ((await complaints.ListAsync(Id, actor)).All(c => c.Id != outcome.ComplaintId)) throw DomainException.NotFound("The complaint");
        var action = outcome.Outcome == ComplaintStatus.Upheld ? UpheldAction.ReturnToReview : (UpheldAction?)null;
        await complaints.ResolveAsync(outcome.ComplaintId, new ComplaintResolutionInput(outcome.Outcome, outcome.Reason, action), actor);
    }, LoadAsync);

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Call = await calls.FindAsync(Id, actor);
        Complaints = await complaints.ListAsync(Id, actor);
    }
}
