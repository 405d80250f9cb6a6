using CallManager.Web.Ui;
using CallManager.Domain.Common;
using CallManager.Domain.Selection.Applicants;
using CallManager.Domain.Selection.Complaints;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant.Dossiers;

/// <summary>
/// The complaint against a published decision: the form while the window is open (its end in the call's zone), the
/// receipt with its status once filed, a clear message otherwise. Every rule is <see cref="ComplaintService.FileAsync"/>'s.
/// </summary>
public sealed class ComplaintModel(ApplicantDecisions decisions, ComplaintService complaints, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public ApplicantDecisionView View { get; private set; } = null!;
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The text of the complaint (kept when it is refused).</summary>
    [BindProperty] public string? Text { get; set; }

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.Clear(); // the service says what is missing, in the page's language
        try
        {
            await complaints.FileAsync(Id, new ComplaintInput(Text), await this.ActorAsync());
            return Redirect($"/Applicant/Dossiers/{Id}/complaint?filed=1");
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            ModelState.AddModelError(refusal.Kind == DomainErrorKind.Invalid ? nameof(Text) : "", refusal.Localized());
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() => View = await decisions.GetAsync(Id, await this.ActorAsync());
}
