using CallManager.Web.Resources;
using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>The dossiers of a call for administrators: filter by status and eligibility, sort, eligibility reasons, CSV and XLSX export.</summary>
public sealed class DossiersModel(ApplicationService applications, CallService calls, EligibilityService eligibility, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public ApplicationStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Eligibility { get; set; }
    /// <summary>The sort key; nullable so that a link without it binds to the default instead of failing implicit [Required] validation (the page then read "Erreur").</summary>
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    public Call Call { get; private set; } = null!;
    public List<ApplicationSummary> Dossiers { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>The table as filtered and sorted on the page, as <paramref name="format"/> "csv" or "xlsx".</summary>
    public async Task<IActionResult> OnGetExportAsync(string format)
    {
        await LoadAsync();
        var derogations = (await eligibility.DerogationsForCallAsync(Id)).ToLookup(d => d.ApplicationId, d => $"{d.Rule} : {d.Reason}");
        var table = new ExportTable(Call.Code,
            [text["Receipt.Dossier"], text["Export.Title"], text["Admin.Dossiers.Organisation"], text["Admin.Calls.Status"], text["Admin.Dossiers.Amount"],
             text["Receipt.SubmittedAt"], text["Receipt.Eligibility"], text["Export.Reasons"], text["Export.Derogations"]],
            Dossiers.Select(d => (IReadOnlyList<object?>)
            [
                d.Reference, d.Title, d.LeadOrganisationName, text["Status." + d.Status].Value, d.RequestedAmount,
                d.SubmittedAt is { } at ? Format.Instant(at, Call.TimeZone) : "",
                d.Eligible switch { true => text["Receipt.Eligible"].Value, false => text["Receipt.NotEligible"].Value, null => "" },
                string.Join(" ; ", d.EligibilityReasons),
                string.Join(" ; ", derogations[d.Id]),
            ]).ToList());
        var name = $"{Call.Code}-dossiers";
        return format == "xlsx" ? File(table.ToXlsx(), ExportTable.XlsxType, name + ".xlsx") : File(table.ToCsv(), ExportTable.CsvType, name + ".csv");
    }

    /// <summary>The query string of the current filter and sort (for the export links).</summary>
    public string Filter(string format) => QueryString.Create(new Dictionary<string, string?>
    {
        ["handler"] = "Export", ["format"] = format, ["Status"] = Status?.ToString(), ["Eligibility"] = Eligibility, ["Sort"] = Sort,
    }.Where(kv => !string.IsNullOrEmpty(kv.Value))).ToString();

    private async Task LoadAsync()
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
