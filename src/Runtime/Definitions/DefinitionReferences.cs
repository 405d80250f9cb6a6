using CallManager.Runtime.Contracts;

namespace CallManager.Runtime.Definitions;

/// <summary>
/// Checks the definitions a definition uses as activities: each must be known (among the files validated or published with it, in
/// any order, or already published) and the ports its activity leaves by must be outcomes of that definition ("Done" always is).
/// </summary>
public static class DefinitionReferences
{
    /// <summary>The problems of <paramref name="definition"/>'s references, <paramref name="resolve"/> finding a definition by id (null when unknown).</summary>
    /// <param name="refused">Ids of definitions among the files checked together that were refused (the problem says so rather than "unknown").</param>
    public static async Task<IReadOnlyList<DefinitionProblem>> CheckAsync(string file, FlowchartDefinition definition, Func<string, Task<FlowchartDefinition?>> resolve,
        IReadOnlySet<string>? refused = null)
    {
        var problems = new List<DefinitionProblem>();
        foreach (var reference in definition.References)
        {
            var child = await resolve(reference.DefinitionId);
            if (child is null && refused?.Contains(reference.DefinitionId) == true)
            {
                problems.Add(new DefinitionProblem(file, reference.ActivityId,
                    $"uses workflow definition '{reference.DefinitionId}' (activity type '{reference.Type}'), whose file is refused. Fix that file's problems first.",
                    $"{reference.Path}.workflowDefinitionId"));
                continue;
            }
            if (child is null)
            {
                problems.Add(new DefinitionProblem(file, reference.ActivityId,
                    $"uses workflow definition '{reference.DefinitionId}' (activity type '{reference.Type}'), which is neither among the files checked with this one nor published. "
                    + $"Add the file with \"definitionId\": \"{reference.DefinitionId}\" to the same folder (or publish it first), or fix \"workflowDefinitionId\".",
                    $"{reference.Path}.workflowDefinitionId"));
                continue;
            }
            var ports = child.Outcomes.Append(ActivityResult.DoneOutcome).ToList();
            foreach (var port in reference.Ports.Where(p => !ports.Contains(p, StringComparer.Ordinal)))
                problems.Add(new DefinitionProblem(file, reference.ActivityId,
                    $"leaves by port '{port}', which workflow definition '{reference.DefinitionId}' does not have (its outcomes: {string.Join(", ", ports)}). Connect from one of those, or declare '{port}' in that definition's \"outcomes\".",
                    reference.Path));
        }
        return problems;
    }

}
