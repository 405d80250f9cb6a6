using CallManager.Web.Resources;
using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Selection.Ranking;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Pages.Admin.Selection;

/// <summary>The latest ranking of a call as CSV or XLSX: rank, dossier, score, spread and disagreement flag, status, decision and amounts.</summary>
public sealed class RankingExportModel(CallService calls, RankingService rankings, DecisionService decisions, ApplicationService applications,
    IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    /// <summary>The file, as <paramref name="format"/> "csv" (default) or "xlsx".</summary>
    public async Task<IActionResult> OnGetAsync(string? format)
    {
        var actor = await this.ActorAsync();
        var call = await calls.FindAsync(Id, actor);
        var ranking = await rankings.LatestAsync(Id, actor);
        var decided = (await decisions.ListAsync(Id, actor)).Decisions.ToDictionary(d => d.ApplicationId);
        var statuses = (await applications.ListForCallAsync(Id, actor)).ToDictionary(a => a.Id, a => a.Status);
        var table = new ExportTable(call.Code,
            [text["Admin.Selection.Rank"], text["Receipt.Dossier"], text["Export.Title"], text["Admin.Selection.Total"], text["Admin.Selection.Spread"],
             text["Admin.Selection.Disputed"], text["Admin.Calls.Status"], text["Admin.Selection.Decision"], text["Admin.Dossiers.Amount"], text["Export.Ranking.Granted"]],
            ranking.Ranking.Dossiers.Select(r => Row(r, decided.GetValueOrDefault(r.ApplicationId), statuses.GetValueOrDefault(r.ApplicationId))).ToList());
        var name = $"{call.Code}-ranking";
        return format == "xlsx" ? File(table.ToXlsx(), ExportTable.XlsxType, name + ".xlsx") : File(table.ToCsv(), ExportTable.CsvType, name + ".csv");
    }

    private IReadOnlyList<object?> Row(RankedApplication r, DecisionRow? decision, ApplicationStatus status) =>
    [
        r.Rank, r.Reference, r.Title, r.Total, r.Spread, r.Disputed ? text["Export.Yes"].Value : text["Export.No"].Value,
        text["Status." + (decision?.Status ?? status)].Value,
        decision is null ? "" : text["Admin.Selection.Outcome." + decision.Outcome].Value + (decision.PublishedAt is null ? " (" + text["Export.Ranking.Staged"] + ")" : ""),
        r.RequestedAmount, decision?.GrantedAmount,
    ];
}
