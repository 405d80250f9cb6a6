using CallManager.Web.Ui;
using CallManager.Workflow.Calls;
using CallManager.Workflow.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>The dossiers of a call for administrators: filter by status and eligibility, sort, eligibility reasons.</summary>
public sealed class DossiersModel(ApplicationService applications, CallService calls) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public ApplicationStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Eligibility { get; set; }
    [BindProperty(SupportsGet = true)] public string Sort { get; set; } = "reference";
    public Call Call { get; private set; } = null!;
    public List<ApplicationSummary> Dossiers { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync()
    {
        var actor = await this.ActorAsync();
        Call = await calls.FindAsync(Id, actor);
        var all = await applications.ListForCallAsync(Id, actor);
        Total = all.Count;
        IEnumerable<ApplicationSummary> rows = all;
        if (Status is { } status) rows = rows.Where(d => d.Status == status);
        if (Eligibility == "yes") rows = rows.Where(d => d.Eligible == true);
        if (Eligibility == "no") rows = rows.Where(d => d.Eligible == false);
        // Amounts are sorted in memory: SQLite cannot order decimals.
        Dossiers = (Sort switch
        {
            "amount" => rows.OrderByDescending(d => d.RequestedAmount ?? 0),
            "submitted" => rows.OrderBy(d => d.SubmittedAt ?? DateTimeOffset.MaxValue),
            "organisation" => rows.OrderBy(d => d.LeadOrganisationName, StringComparer.CurrentCulture),
            _ => rows.OrderBy(d => d.Reference, StringComparer.Ordinal),
        }).ToList();
    }
}
