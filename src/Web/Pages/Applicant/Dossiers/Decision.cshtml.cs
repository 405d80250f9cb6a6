using CallManager.Web.Ui;
using CallManager.Workflow.Selection.Applicants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant.Dossiers;

/// <summary>The printable decision letter of a dossier with its evaluation summary, once published; before, a "no decision yet" state.</summary>
public sealed class DecisionModel(ApplicantDecisions decisions, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public ApplicantDecisionView View { get; private set; } = null!;
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task OnGetAsync() => View = await decisions.GetAsync(Id, await this.ActorAsync());
}
