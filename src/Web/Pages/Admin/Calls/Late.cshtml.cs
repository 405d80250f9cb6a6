using System.ComponentModel.DataAnnotations;
using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>Late exceptions of a call: the ones granted (with their reasons) and a form to grant one to an organisation.</summary>
public sealed class LateModel(CallService calls, ApplicationService applications, LateExceptionQueries exceptions) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Command Input { get; set; } = new();
    public Call Call { get; private set; } = null!;
    public List<LateExceptionQueries.LateExceptionView> Granted { get; private set; } = [];
    public List<(Guid Id, string Name)> Organisations { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (ModelState.IsValid)
        {
            try
            {
                await calls.GrantLateExceptionAsync(Id, new LateExceptionInput(Input.OrganisationId ?? Guid.Empty, Input.Until ?? default, Input.Reason), await this.ActorAsync());
                return Redirect($"/Admin/Calls/{Id}/late?done=1");
            }
            catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.NotFound or DomainErrorKind.Conflict)
            {
                ModelState.AddModelError("", refusal.Localized());
            }
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Call = await calls.FindAsync(Id, actor);
        Granted = await exceptions.ForCallAsync(Id);
        Organisations = (await applications.ListForCallAsync(Id, actor)).Select(d => (d.LeadOrganisationId, d.LeadOrganisationName)).Distinct()
            .OrderBy(o => o.Item2, StringComparer.CurrentCulture).ToList();
    }

    /// <summary>The extension an administrator grants.</summary>
    public sealed class Command
    {
        [Display(Name = "Late.Organisation"), Required(ErrorMessage = "Validation.Required")] public Guid? OrganisationId { get; set; }
        [Display(Name = "Late.Until"), Required(ErrorMessage = "Validation.Required")] public DateTime? Until { get; set; }
        [Display(Name = "Late.Reason"), Required(ErrorMessage = "Validation.Required")] public string? Reason { get; set; }
    }
}
