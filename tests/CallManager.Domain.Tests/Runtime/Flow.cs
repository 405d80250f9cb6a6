using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallManager.Domain.Tests.Runtime;

/// <summary>Builds definitions in the Elsa 3 shape for tests, so each test shows its flowchart in a few lines.</summary>
public static class Flow
{
    /// <summary>A definition whose connections are (from, port, to) triples.</summary>
    public static string Definition(string definitionId, JsonObject[] activities, (string From, string Port, string To)[] connections,
        JsonObject? variables = null) =>
        new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = definitionId,
            ["variables"] = new JsonArray((variables ?? []).Select(v => (JsonNode)new JsonObject { ["name"] = v.Key, ["typeName"] = "Object", ["value"] = v.Value?.DeepClone() }).ToArray()),
            ["root"] = new JsonObject
            {
                ["type"] = "Elsa.Flowchart",
                ["activities"] = new JsonArray(activities.Select(a => (JsonNode)a).ToArray()),
                ["connections"] = new JsonArray(connections.Select(c => (JsonNode)new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = c.From, ["port"] = c.Port },
                    ["target"] = new JsonObject { ["activity"] = c.To, ["port"] = "In" },
                }).ToArray()),
            },
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>An activity with inputs given as name → input node.</summary>
    public static JsonObject Activity(string id, string type, params (string Name, JsonNode? Input)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type };
        foreach (var (name, input) in inputs) activity[name] = input;
        return activity;
    }

    public static JsonObject Literal(object? value) => Expression("Literal", JsonSerializer.SerializeToNode(value));
    public static JsonObject Js(string code) => Expression("JavaScript", code);
    public static JsonObject Liquid(string template) => Expression("Liquid", template);

    private static JsonObject Expression(string type, JsonNode? value) =>
        new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };

    /// <summary>Start → WaitForSignal(signal) → Finish.</summary>
    public static string WaitForSignal(string definitionId = "wait", string signal = "Go") => Definition(definitionId,
        [Activity("start", "Start"), Activity("wait", "WaitForSignal", ("signal", Literal(signal))), Activity("end", "Finish")],
        [("start", "Done", "wait"), ("wait", "Done", "end")]);

    /// <summary>The example file workflows/examples/approval.json.</summary>
    public static string ApprovalExample() => File.ReadAllText(Path.Combine(RepositoryRoot(), "workflows", "examples", "approval.json"));

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CallManager.sln"))) return dir.FullName;
        throw new InvalidOperationException("CallManager.sln not found above the test binaries.");
    }
}
