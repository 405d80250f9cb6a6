using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant;

/// <summary>Starts a draft dossier on a call for one of the applicant's organisations (registering one first if needed).</summary>
public sealed class StartModel(CallService calls, OrganisationService organisations, ApplicationService applications, Microsoft.Extensions.Localization.IStringLocalizer<Resources.UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid CallId { get; set; }
    [BindProperty] public Guid? OrganisationId { get; set; }
    public Call Call { get; private set; } = null!;
    public List<Organisation> Mine { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Mine.Count == 0 ? Redirect($"/Applicant/Organisation?returnUrl={Uri.EscapeDataString($"/Applicant/Start?callId={CallId}")}") : Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        if (OrganisationId is null) ModelState.AddModelError(nameof(OrganisationId), text["Start.ChooseOrganisation"]);
        else
        {
            try
            {
                var application = await applications.CreateAsync(CallId, new CreateApplicationInput(OrganisationId.Value), await this.ActorAsync());
                return Redirect($"/Applicant/Dossiers/{application.Id}");
            }
            catch (DomainException refusal) when (refusal.Kind != DomainErrorKind.NotFound) { ModelState.AddDomainErrors(refusal, ""); }
        }
        return Page();
    }

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Call = await calls.FindAsync(CallId, actor);
        Mine = await organisations.MineAsync(actor);
    }
}
