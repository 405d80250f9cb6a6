using CallManager.Web.Hosting;
using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant.Dossiers;

/// <summary>The applicant withdraws a dossier after a confirmation page that says what withdrawing means.</summary>
public sealed class WithdrawModel(ApplicationService applications, CallService calls) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public ApplicationView Dossier { get; private set; } = null!;
    public Call Call { get; private set; } = null!;

    /// <summary>Whether the lifecycle lets this dossier be withdrawn from where it stands.</summary>
    public bool Allowed => ApplicationLifecycle.Allowed[Dossier.Status].Contains(ApplicationStatus.Withdrawn);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            await applications.WithdrawAsync(Id, await this.ActorAsync(), HttpContext.ArrivedAt());
            return Redirect("/Applicant?withdrawn=1");
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            ModelState.AddModelError("", refusal.Localized());
            await LoadAsync();
            return Page();
        }
    }

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Dossier = await applications.GetAsync(Id, actor);
        Call = await calls.FindAsync(Dossier.CallId, actor);
    }
}
