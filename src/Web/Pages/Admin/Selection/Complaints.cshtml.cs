using CallManager.Web.Pages.Admin.Reviews;
using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Selection.Complaints;
using CallManager.Domain.Selection.Decisions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Selection;

/// <summary>A call's complaints for administrators: each with its status, and for open ones the outcome form (rejected, or upheld: back to review or the decision changed).</summary>
public sealed class ComplaintsModel(CallService calls, ComplaintService complaints) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;
    public List<ComplaintView> Complaints { get; private set; } = [];

    /// <summary>
    /// The outcome of one open complaint: Rejected or Upheld, with the reason the applicant reads; when upheld, the dossier returns
    /// to review or its decision changes to the new one given (outcome, amount, reserve rank, reason).
    /// </summary>
    public sealed record OutcomeCommand(Guid ComplaintId, ComplaintStatus? Outcome, string? Reason, UpheldAction? Action = null,
        DecisionOutcome? NewOutcome = null, decimal? Amount = null, int? ReserveRank = null, string? DecisionReason = null);

    public Task OnGetAsync() => LoadAsync();

    /// <remarks>The parameter must not be named after a form field ("outcome" was: the binder then took it as a prefix and bound nothing).</remarks>
    public Task<IActionResult> OnPostResolveAsync(OutcomeCommand command) => this.RunAsync($"/Admin/Calls/{Id}/Complaints?done=1", async actor =>
    {
        if ((await complaints.ListAsync(Id, actor)).All(c => c.Id != command.ComplaintId)) throw DomainException.NotFound("The complaint");
        await complaints.ResolveAsync(command.ComplaintId, Input(command), actor);
    }, LoadAsync);

    /// <summary>The service's input: the action only when upheld, the new decision only to change it.</summary>
    public static ComplaintResolutionInput Input(OutcomeCommand c)
    {
        if (c.Outcome != ComplaintStatus.Upheld) return new ComplaintResolutionInput(c.Outcome, c.Reason);
        var decision = c.Action == UpheldAction.ChangeDecision ? new DecisionInput(c.NewOutcome, c.Amount, c.ReserveRank, c.DecisionReason) : null;
        return new ComplaintResolutionInput(c.Outcome, c.Reason, c.Action, decision);
    }

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Call = await calls.FindAsync(Id, actor);
        Complaints = await complaints.ListAsync(Id, actor);
    }
}
