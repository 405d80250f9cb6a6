namespace CallManager.Testing;

/// <summary>
/// The 3-step workflow of the runtime benchmark and of the process-kill test: start → wait for the signal "Go" →
/// finish. It touches no domain activity, so on SQLite its resumptions go through the group commit.
/// </summary>
public static class SignalWorkflow
{
    /// <summary>The definition id.</summary>
    public const string Id = "bench";

    /// <summary>The signal that resumes an instance.</summary>
    public const string Signal = "Go";

    /// <summary>The definition as published (Elsa-style JSON).</summary>
    public const string Json = """
        { "definitionId": "bench", "name": "bench", "root": { "type": "Elsa.Flowchart",
          "activities": [ { "id": "start", "type": "Elsa.Start" },
                          { "id": "wait", "type": "WaitForSignal", "signal": { "typeName": "String", "expression": { "type": "Literal", "value": "Go" } } },
                          { "id": "end", "type": "Elsa.Finish" } ],
          "connections": [ { "source": { "activity": "start", "port": "Done" }, "target": { "activity": "wait", "port": "In" } },
                           { "source": { "activity": "wait", "port": "Done" }, "target": { "activity": "end", "port": "In" } } ] } }
        """;
}
