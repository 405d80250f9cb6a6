using System.Text.Json.Nodes;
using CallManager.Domain.Common;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Runtime;

/// <summary>Read side for the workflow view: a definition's steps at their designer positions, and where each instance stands.</summary>
public sealed class WorkflowDiagrams([FromKeyedServices(RuntimeStorage.Key)] DbContext db)
{
    /// <summary>A step of the diagram at its designer position.</summary>
    public sealed record Node(string Id, string Type, double X, double Y);

    /// <summary>A connection from a step's outcome port to the next step.</summary>
    public sealed record Edge(string Source, string Port, string Target);

    /// <summary>One version of a definition drawn as steps and connections.</summary>
    public sealed record Diagram(string DefinitionId, int Version, string Name, string? Description, IReadOnlyList<Node> Nodes, IReadOnlyList<Edge> Edges);

    /// <summary>An instance and the steps it waits in, with its unresolved incidents (<paramref name="Name"/>: given by an Elsa SetName).</summary>
    public sealed record Position(Guid InstanceId, int DefinitionVersion, WorkflowStatus Status, string? CorrelationId, DateTimeOffset UpdatedAt,
        IReadOnlyList<string> WaitingIn, IReadOnlyList<WorkflowIncident> Incidents, string? Name = null);

    /// <summary>The latest version of <paramref name="definitionId"/> (or <paramref name="version"/>), drawn from its stored JSON.</summary>
    public async Task<Diagram> DiagramAsync(string definitionId, int? version = null, CancellationToken ct = default)
    {
        var query = db.Set<WorkflowDefinitionVersion>().AsNoTracking().Where(v => v.DefinitionId == definitionId);
        if (version is { } v) query = query.Where(x => x.Version == v);
        var stored = await query.OrderByDescending(x => x.Version).FirstOrDefaultAsync(ct) ?? throw DomainException.NotFound($"Workflow {definitionId}");
        var json = JsonNode.Parse(stored.Json)!;
        var root = json["root"];
        var nodes = (root?["activities"]?.AsArray() ?? []).Select(a => new Node(
            (string?)a!["id"] ?? "", (string?)a["type"] ?? "",
            (double?)a["metadata"]?["designer"]?["position"]?["x"] ?? 0, (double?)a["metadata"]?["designer"]?["position"]?["y"] ?? 0)).ToList();
        var edges = (root?["connections"]?.AsArray() ?? []).Select(c => new Edge(
            (string?)c!["source"]?["activity"] ?? "", (string?)c["source"]?["port"] ?? "Done", (string?)c["target"]?["activity"] ?? "")).ToList();
        return new Diagram(stored.DefinitionId, stored.Version, stored.Name, (string?)json["description"], nodes, edges);
    }

    /// <summary>The instances of <paramref name="definitionId"/>, newest first, each with its waiting steps and open incidents.</summary>
    public async Task<IReadOnlyList<Position>> PositionsAsync(string definitionId, int take = 200, CancellationToken ct = default)
    {
        var instances = await db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.DefinitionId == definitionId)
            .OrderByDescending(i => i.CreatedAt).Take(take).ToListAsync(ct);
        var ids = instances.Select(i => i.Id).ToList();
        var bookmarks = (await db.Set<WorkflowBookmark>().AsNoTracking().Where(b => ids.Contains(b.InstanceId)).ToListAsync(ct)).ToLookup(b => b.InstanceId);
        var incidents = (await db.Set<WorkflowIncident>().AsNoTracking().Where(x => ids.Contains(x.InstanceId) && x.ResolvedAt == null).ToListAsync(ct))
            .ToLookup(x => x.InstanceId);
        return instances.Select(i => new Position(i.Id, i.DefinitionVersion, i.Status, i.CorrelationId, i.UpdatedAt,
            bookmarks[i.Id].Select(b => b.ActivityId).Distinct().ToList(), incidents[i.Id].OrderBy(x => x.At).ToList(), i.Name)).ToList();
    }
}
