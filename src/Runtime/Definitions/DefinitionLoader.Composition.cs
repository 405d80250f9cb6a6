using System.Text.Json.Nodes;
using CallManager.Runtime.Activities;
using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Definitions;

/// <summary>
/// Composition in the Elsa 3 shape: a definition's declared <c>inputs</c>, <c>outputs</c> and <c>outcomes</c>; another definition used
/// as an activity (Elsa writes the child's name as the type, with <c>workflowDefinitionId</c>), recorded as a reference resolved when
/// files are validated or published together; and output references (<c>{ "memoryReference": { "id" } }</c>) of those activities and of
/// ExecuteWorkflow's <c>result</c>, pointed at the variable or workflow output they name.
/// </summary>
public sealed partial class DefinitionLoader
{
    /// <summary>The declared names of a definition's inputs, outputs and outcomes.</summary>
    private sealed record Signature(List<string> Inputs, List<string> Outputs, List<string> Outcomes);

    private static Signature ReadSignature(JsonObject document, Problems problems)
    {
        return new Signature(Names("inputs"), Names("outputs"), Outcomes());

        List<string> Names(string property)
        {
            var names = new List<string>();
            if (document[property] is not (JsonArray or null)) { problems.Add(null, property, $"must be an array of {property}. Fix its shape."); return names; }
            var index = 0;
            foreach (var item in document[property] as JsonArray ?? [])
            {
                if (Text((item as JsonObject)?["name"]) is { Length: > 0 } name) names.Add(name);
                else problems.Add(null, $"{property}[{index}]", "has no \"name\". Give it one.");
                index++;
            }
            return names;
        }

        List<string> Outcomes()
        {
            if (document["outcomes"] is not (JsonArray or null)) { problems.Add(null, "outcomes", "must be an array of outcome names. Fix its shape."); return []; }
            return [.. (document["outcomes"] as JsonArray ?? []).Select(o => Text(o) ?? Text((o as JsonObject)?["name"])).OfType<string>().Where(o => o.Length > 0)];
        }
    }

    /// <summary>An activity naming another definition (and of a type no activity is registered under) runs that definition.</summary>
    private ActivityDescriptor? DefinitionActivity(JsonObject activity) =>
        activity.ContainsKey("workflowDefinitionId") ? registry.Find(WorkflowDefinitionActivity.TypeName) : null;

    /// <summary>Points output references at variables or outputs and lists the definitions used as activities with the ports they leave by.</summary>
    private static List<DefinitionReference> ResolveComposition(Dictionary<string, (FlowActivity Activity, string Path)> activities, Variables variables,
        Signature signature, List<FlowConnection> connections, Problems problems)
    {
        var references = new List<DefinitionReference>();
        foreach (var (id, (activity, path)) in activities)
        {
            var type = activity.Descriptor.ActivityType;
            if (type == typeof(ExecuteWorkflow) || type == typeof(DispatchWorkflow))
            {
                if (activity.Node["result"] is JsonObject) PointOutput(id, path, activity.Node, "result", variables, signature, problems);
            }
            else if (type == typeof(WorkflowDefinitionActivity))
            {
                foreach (var (name, value) in activity.Node.ToList())
                    if (value is JsonObject o && o.ContainsKey("memoryReference") && !o.ContainsKey("expression"))
                        PointOutput(id, path, activity.Node, name, variables, signature, problems);
                if (Text(activity.Node["workflowDefinitionId"]) is not { Length: > 0 } definitionId)
                {
                    problems.Add(id, $"{path}.workflowDefinitionId", "must be the id of the definition this activity runs (a string). Fix it.");
                    continue;
                }
                var ports = connections.Where(c => c.Source == id).Select(c => c.SourcePort).Distinct().ToList();
                references.Add(new DefinitionReference(id, path, definitionId, activity.Type, ports));
            }
        }
        return references;
    }

    private static void PointOutput(string id, string path, JsonObject node, string property, Variables variables, Signature signature, Problems problems)
    {
        var reference = node[property] as JsonObject;
        var target = Text((reference?["memoryReference"] as JsonObject)?["id"]) ?? Text(reference?["name"]);
        if (target is null) { node.Remove(property); return; } // an output left unbound: Elsa stores it nowhere
        var variable = variables.NamesById.TryGetValue(target, out var byId) ? byId : variables.Types.ContainsKey(target) ? target : null;
        var output = signature.Outputs.FirstOrDefault(o => string.Equals(o, target, StringComparison.OrdinalIgnoreCase));
        if (variable is null && output is null)
        {
            problems.Add(id, $"{path}.{property}.memoryReference", $"stores output '{property}' into '{target}', which is neither a declared variable (by id or name) nor one of this definition's \"outputs\". Declare it, or point it at one that is.");
            return;
        }
        node[property] = new JsonObject
        {
            [ChildWorkflows.TargetProperty] = variable is not null ? new JsonObject { ["variable"] = variable } : new JsonObject { ["output"] = output },
        };
    }
}
