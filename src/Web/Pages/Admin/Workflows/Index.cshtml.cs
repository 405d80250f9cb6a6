using CallManager.Domain.Calls;
using CallManager.Runtime;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Workflows;

/// <summary>The workflow view: a definition drawn as a diagram with a text alternative, and where each instance stands, with incidents.</summary>
public sealed class IndexModel(WorkflowQueries queries, WorkflowDiagrams diagrams, CallService calls) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Definition { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Instance { get; set; }
    public List<string> Definitions { get; private set; } = [];
    public WorkflowDiagrams.Diagram? Diagram { get; private set; }
    public IReadOnlyList<WorkflowDiagrams.Position> Positions { get; private set; } = [];
    public WorkflowDiagrams.Position? Selected { get; private set; }

    /// <summary>Call codes by call id, to name the instances correlated with a call.</summary>
    public Dictionary<string, string> CallCodes { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Definitions = (await queries.DefinitionsAsync()).Select(d => d.DefinitionId).Distinct().ToList();
        Definition ??= Definitions.FirstOrDefault();
        if (Definition is null || !Definitions.Contains(Definition)) return;
        Positions = await diagrams.PositionsAsync(Definition);
        Selected = Positions.FirstOrDefault(p => p.InstanceId == Instance) ?? Positions.FirstOrDefault();
        Diagram = await diagrams.DiagramAsync(Definition, Selected?.DefinitionVersion);
        CallCodes = (await calls.ListAsync(await this.ActorAsync())).ToDictionary(c => c.Id.ToString(), c => c.Code);
    }

    /// <summary>The call code for a correlation id, or the id itself.</summary>
    public string Name(string? correlation) => correlation is null ? "—" : CallCodes.GetValueOrDefault(correlation, correlation);
}
