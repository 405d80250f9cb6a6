using System.Text.Json.Nodes;
using CallManager.Runtime.Activities;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Expressions;
using CallManager.Runtime.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Runtime.Execution;

/// <summary>The executor's bookmarks, joins, journal and expression evaluation (<see cref="IActivityHost"/>).</summary>
internal sealed partial class FlowchartExecutor
{
    public Guid InstanceId => _instance.Id;
    public string DefinitionId => _instance.DefinitionId;
    public int DefinitionVersion => _instance.DefinitionVersion;
    public string? CorrelationId { get => _instance.CorrelationId; set => _instance.CorrelationId = value; }
    public string? InstanceName { get => _instance.Name; set => _instance.Name = value; }
    public IServiceProvider Services { get; }
    public TimeProvider Clock { get; }
    public CancellationToken CancellationToken { get; }
    public JsonObject Variables { get; }
    public JsonObject Input { get; }
    public JsonObject Output { get; }

    public void StartChild(ChildWorkflowRequest request) => ChildRequests.Add(request);

    public JsonNode? Evaluate(JsonNode? input, string activityId, string inputName) =>
        Evaluate(inputName, scope => _evaluator.Evaluate(input, _definition.Expressions, scope));

    public JsonNode? RunJavaScript(string code, string activityId, string label, Action<Jint.Engine>? configure) =>
        Evaluate(label, scope => _evaluator.RunJavaScript(code, _definition.Expressions, scope with { Configure = configure }));

    private JsonNode? Evaluate(string inputName, Func<ExpressionScope, JsonNode?> evaluate)
    {
        using var running = Services.GetRequiredService<RunningScripts>().Enter(InstanceId);
        var scope = new ExpressionScope(Variables, Input, CorrelationId, InstanceId, _current?.Payload, Clock.GetUtcNow(), running.Token);
        try
        {
            return evaluate(scope);
        }
        catch (Exception e) when (e is Jint.Runtime.JavaScriptException or TimeoutException or Jint.Runtime.StatementsCountOverflowException
                                      or Jint.Runtime.MemoryLimitExceededException or Jint.Runtime.RecursionDepthOverflowException or ExpressionException
                                      or Jint.Runtime.ExecutionCanceledException or System.Text.Json.JsonException or Fluid.ParseException)
        {
            throw new ExpressionException($"input '{inputName}' could not be evaluated: {e.Message}", e);
        }
    }

    public void Journal(string activityId, string activityType, string message) => AddJournal(activityId, activityType, "Note", message);

    private void AddJournal(string? activityId, string? activityType, string @event, string? detail) =>
        JournalEntries.Add(WorkflowJournalEntry.Line(_instance.Id, Clock.GetUtcNow(), @event, detail, activityId, activityType));

    private void CreateBookmark(string activityId, BookmarkRequest request)
    {
        var bookmark = new WorkflowBookmark
        {
            Id = Guid.CreateVersion7(), InstanceId = _instance.Id, ActivityId = activityId, Name = request.Name,
            CorrelationId = _instance.CorrelationId, DueAt = request.DueAt, CreatedAt = Clock.GetUtcNow(),
        };
        _bookmarks.Add(bookmark);
        Added.Add(bookmark);
    }

    private void ConsumeBookmarks(string activityId)
    {
        foreach (var bookmark in _bookmarks.Where(b => b.ActivityId == activityId).ToList()) RemoveBookmark(bookmark);
    }

    private void RemoveBookmark(WorkflowBookmark bookmark)
    {
        _bookmarks.Remove(bookmark);
        if (!Added.Remove(bookmark)) Removed.Add(bookmark);
    }

    /// <summary>Records an arrival at a join; true when the join runs now.</summary>
    private bool Arrive(FlowActivity join, WorkItem item)
    {
        var mode = JoinMode(join);
        if (FlowJoin.IsWaitAny(mode))
        {
            CancelBranchesTo(join.Id);
            return true;
        }
        // WaitAllInbound counts connections (two ports of one decision are two), the other modes the activities arriving.
        var inbound = FlowJoin.IsWaitAllInbound(mode);
        var expected = _definition.Incoming[join.Id].Select(c => inbound ? FlowJoin.ConnectionKey(c.Source, c.SourcePort) : c.Source).Distinct().ToList();
        var arrived = _state.JoinArrivals.TryGetValue(join.Id, out var list) ? list : _state.JoinArrivals[join.Id] = [];
        var from = inbound && item.From is not null ? FlowJoin.ConnectionKey(item.From, item.FromPort ?? ActivityResult.DoneOutcome) : item.From;
        if (from is not null && !arrived.Contains(from)) arrived.Add(from);
        if (expected.Any(s => !arrived.Contains(s))) return false;
        _state.JoinArrivals.Remove(join.Id);
        return true;
    }

    /// <summary>WaitAny: the other branches leading to the join stop (their bookmarks and queued work are dropped).</summary>
    private void CancelBranchesTo(string joinId)
    {
        foreach (var bookmark in _bookmarks.Where(b => _definition.ReachableFrom(b.ActivityId).Contains(joinId)).ToList())
            RemoveBookmark(bookmark);
        var keep = _queue.Where(w => !_definition.ReachableFrom(w.ActivityId).Contains(joinId)).ToList();
        _queue.Clear();
        foreach (var w in keep) _queue.Enqueue(w);
        _state.JoinArrivals.Remove(joinId);
    }

    /// <summary>
    /// When no work is queued, a WaitAll join with arrivals runs if no bookmark can still reach it
    /// (a branch not taken by a decision will never arrive).
    /// </summary>
    private bool TryReleaseStalledJoin(out WorkItem item)
    {
        foreach (var joinId in _state.JoinArrivals.Keys.ToList())
        {
            if (_bookmarks.Any(b => _definition.ReachableFrom(b.ActivityId).Contains(joinId))) continue;
            if (FlowJoin.IsWaitAllInbound(JoinMode(_definition.Activities[joinId]))) continue; // Elsa blocks on a connection not followed
            _state.JoinArrivals.Remove(joinId);
            item = new WorkItem(joinId);
            _released.Add(joinId);
            return true;
        }
        item = null!;
        return false;
    }

    private readonly HashSet<string> _released = [];

    private string? JoinMode(FlowActivity join) => join.Node["mode"] is { } m ? Evaluate(m, join.Id, "mode")?.ToString() : null;

    /// <summary>
    /// True when a WaitAllInbound join waits for connections that nothing can follow any more: the instance stays Suspended, blocked,
    /// as in Elsa (an administrator cancels it); the journal says which connections it waits for.
    /// </summary>
    private bool BlockedJoins()
    {
        foreach (var (joinId, arrived) in _state.JoinArrivals)
        {
            var join = _definition.Activities[joinId];
            var missing = _definition.Incoming[joinId].Select(c => FlowJoin.ConnectionKey(c.Source, c.SourcePort)).Where(k => !arrived.Contains(k)).Distinct();
            AddJournal(joinId, join.Type, "Blocked", $"WaitAllInbound waits for {string.Join(", ", missing)}");
        }
        return _state.JoinArrivals.Count > 0;
    }
}
