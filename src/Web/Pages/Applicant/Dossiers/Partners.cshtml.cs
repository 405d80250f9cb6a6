using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant.Dossiers;

/// <summary>The dossier's partner organisations (the step after the form's sections): rows added and removed without JavaScript, saved with the dossier's answers.</summary>
public sealed class PartnersModel(ApplicationService applications, CallService calls, OrganisationQueries organisations) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public List<PartnerRow> Partners { get; set; } = [];
    public ApplicationView Dossier { get; private set; } = null!;
    public Call Call { get; private set; } = null!;
    public bool Editable => Dossier.Status is ApplicationStatus.Draft or ApplicationStatus.Submitted;

    public async Task OnGetAsync()
    {
        await LoadAsync();
        // What this dossier entered (a partner named before entries were kept shows its organisation row).
        var shared = (await organisations.ByIdsAsync(Dossier.PartnerOrganisationIds)).ToDictionary(o => o.Id);
        Partners = Dossier.Partners.Select(p => p.Name.Length > 0
                ? new PartnerRow { Name = p.Name, Siren = p.Siren, LegalForm = p.LegalForm, SocialEconomy = p.SocialEconomy, Region = p.Region,
                    Commune = p.Commune, Kind = p.Kind, EssBasis = p.EssBasis }
                : Row(shared[p.OrganisationId]))
            .OrderBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(o => o.Siren) // a stable order: the dossier keeps no entry order
            .ToList();
        if (Partners.Count == 0) Partners.Add(new PartnerRow());
    }

    public async Task<IActionResult> OnPostAsync(string? op, string? next)
    {
        await LoadAsync();
        if (op == "add" || op?.StartsWith("remove:", StringComparison.Ordinal) == true)
        {
            ModelState.Clear();
            if (op == "add") Partners.Add(new PartnerRow());
            else if (int.TryParse(op[7..], out var i) && i >= 0 && i < Partners.Count) Partners.RemoveAt(i);
            return Page();
        }
        var input = Partners.Where(p => !p.IsEmpty).Select(p => new OrganisationInput(p.Name, p.Siren, p.LegalForm, p.SocialEconomy, p.Region, p.Commune, p.Kind, p.EssBasis)).ToList();
        try
        {
            await applications.SaveAnswersAsync(Id, new SaveAnswersInput(null, input), await this.ActorAsync());
            return Redirect(next is null ? $"/Applicant/Dossiers/{Id}/partners?saved=1" : $"/Applicant/Dossiers/{Id}/submit");
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            foreach (var message in refusal.LocalizedProblems()) ModelState.AddModelError("", message);
            return Page();
        }
    }

    private static PartnerRow Row(Organisation o) => new()
    {
        Name = o.Name, Siren = o.Siren, LegalForm = o.LegalForm, SocialEconomy = o.SocialEconomy, Region = o.Region, Commune = o.Commune, Kind = o.Kind, EssBasis = o.EssBasis,
    };

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Dossier = await applications.GetAsync(Id, actor);
        Call = await calls.FindAsync(Dossier.CallId, actor);
    }

    /// <summary>One partner organisation as typed.</summary>
    public sealed class PartnerRow
    {
        public string? Name { get; set; }
        public string? Siren { get; set; }
        public string? LegalForm { get; set; }
        public bool SocialEconomy { get; set; }
        public string? Region { get; set; }

        /// <summary>The commune as typed or picked ("Cahors (46042)" or the INSEE code); the domain reads it against the official list.</summary>
        public string? Commune { get; set; }
        public MemberKind Kind { get; set; }
        public EssBasis EssBasis { get; set; }
        public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Siren);
    }
}
