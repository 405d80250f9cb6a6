using System.ComponentModel.DataAnnotations;
using CallManager.Web.Ui;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant;

/// <summary>The organisations an applicant acts for, and the form to register a new one (SIREN checked by the domain).</summary>
public sealed class OrganisationModel(OrganisationService organisations) : PageModel
{
    [BindProperty] public Command Input { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public List<Organisation> Mine { get; private set; } = [];

    public async Task OnGetAsync() => Mine = await organisations.MineAsync(await this.ActorAsync());

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = await this.ActorAsync();
        if (ModelState.IsValid)
        {
            try
            {
                await organisations.CreateAsync(new OrganisationInput(Input.Name, Input.Siren, Input.LegalForm, Input.SocialEconomy, Input.Region,
                    Input.Commune, Input.Kind, Input.EssBasis), actor);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/Applicant/Organisation");
            }
            catch (DomainException refusal) { ModelState.AddDomainErrors(refusal); }
        }
        Mine = await organisations.MineAsync(actor);
        return Page();
    }

    /// <summary>What the applicant says about the organisation.</summary>
    public sealed class Command
    {
        [Display(Name = "Org.Name"), Required(ErrorMessage = "Org.Name.Required")] public string Name { get; set; } = "";
        [Display(Name = "Org.Siren"), Required(ErrorMessage = "Org.Siren.Required")] public string Siren { get; set; } = "";
        [Display(Name = "Org.LegalForm"), Required(ErrorMessage = "Org.LegalForm.Required")] public string LegalForm { get; set; } = "";
        [Display(Name = "Org.Commune")] public string? Commune { get; set; }
        [Display(Name = "Org.Region")] public string? Region { get; set; }
        [Display(Name = "Org.Kind")] public MemberKind Kind { get; set; }
        [Display(Name = "Org.EssBasis")] public EssBasis EssBasis { get; set; }
        [Display(Name = "Org.SocialEconomy")] public bool SocialEconomy { get; set; }
    }
}
