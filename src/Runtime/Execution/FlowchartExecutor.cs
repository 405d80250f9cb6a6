using System.Text.Json.Nodes;
using CallManager.Runtime.Activities;
using CallManager.Runtime.Contracts;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Expressions;
using CallManager.Runtime.Instances;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Runtime.Execution;

/// <summary>
/// Runs one step of an instance inside one unit of work: follows outcomes along connections until every path
/// suspends or the workflow finishes, creating and consuming bookmarks, writing the journal, and leaving the
/// instance's variables, state and status updated on the (untracked) instance. The caller saves it all with
/// <see cref="StepWriter"/> (one commit).
/// </summary>
internal sealed partial class FlowchartExecutor : IActivityHost
{
    private const int MaxActivitiesPerStep = 10_000;
    private readonly ExpressionEvaluator _evaluator;
    private readonly WorkflowInstance _instance;
    private readonly FlowchartDefinition _definition;
    private readonly List<WorkflowBookmark> _bookmarks;
    private readonly ExecutionState _state;
    private readonly Queue<WorkItem> _queue = new();
    private WorkItem? _current;

    public FlowchartExecutor(IServiceProvider services, WorkflowInstance instance, bool isNew,
        FlowchartDefinition definition, List<WorkflowBookmark> bookmarks, CancellationToken cancellationToken)
    {
        IsNew = isNew;
        Services = services;
        Clock = services.GetRequiredService<TimeProvider>();
        _evaluator = services.GetRequiredService<ExpressionEvaluator>();
        _instance = instance;
        _definition = definition;
        _bookmarks = bookmarks;
        CancellationToken = cancellationToken;
        Variables = JsonNode.Parse(instance.VariablesJson) as JsonObject ?? [];
        Input = JsonNode.Parse(instance.InputJson) as JsonObject ?? [];
        Output = instance.OutputJson is "{}" or "" ? [] : JsonNode.Parse(instance.OutputJson) as JsonObject ?? []; // most instances have none: no parse on the resume path
        _state = ExecutionState.Parse(instance.StateJson);
    }

    /// <summary>The instance the step runs (not tracked by the DbContext).</summary>
    public WorkflowInstance Instance => _instance;

    /// <summary>True when the step starts the instance (its row is inserted, not updated).</summary>
    public bool IsNew { get; private set; }

    /// <summary>The journal lines of this step, in order.</summary>
    public List<WorkflowJournalEntry> JournalEntries { get; } = [];

    /// <summary>Bookmarks created by this step (timers among them need a job once committed).</summary>
    public List<WorkflowBookmark> Added { get; } = [];

    /// <summary>Bookmarks removed by this step (their timer jobs are deleted once committed).</summary>
    public List<WorkflowBookmark> Removed { get; } = [];

    /// <summary>The child instances this step's activities asked to start (started in the same commit).</summary>
    public List<ChildWorkflowRequest> ChildRequests { get; } = [];

    /// <summary>The outcomes the workflow finished with in this step (Elsa's Complete with outcomes), "Done" otherwise.</summary>
    public IReadOnlyList<string> FinishOutcomes { get; private set; } = [ActivityResult.DoneOutcome];

    /// <summary>The work the step began with, kept as pending work if it faults.</summary>
    public IReadOnlyList<WorkItem> InitialWork { get; private set; } = [];

    /// <summary>Runs <paramref name="work"/> (after consuming the bookmarks of resumed activities) and updates the instance.</summary>
    public async Task RunAsync(IReadOnlyList<WorkItem> work)
    {
        InitialWork = work;
        if (IsNew) AddJournal(null, null, "Started", $"{_instance.DefinitionId} v{_instance.DefinitionVersion}");
        _instance.Status = WorkflowStatus.Running;
        foreach (var item in work)
        {
            if (item.ResumeBookmark is not null) ConsumeBookmarks(item.ActivityId);
            _queue.Enqueue(item);
        }
        var executed = 0;
        while (_queue.TryDequeue(out var item) || TryReleaseStalledJoin(out item))
        {
            if (++executed > MaxActivitiesPerStep)
                throw new ActivityFaultException(item.ActivityId, _definition.Activities[item.ActivityId].Type,
                    new InvalidOperationException($"more than {MaxActivitiesPerStep} activities ran without suspending: the flowchart loops forever. Add a wait in the loop."));
            if (!await RunItemAsync(item)) break;
        }
        Complete();
    }

    /// <summary>Called once the step is committed: the instance now has the row's new version.</summary>
    public void Committed()
    {
        if (IsNew) IsNew = false;
        else _instance.Version++;
    }

    private void Complete()
    {
        var remaining = _bookmarks.Count;
        if (_instance.Status == WorkflowStatus.Running)
            _instance.Status = remaining > 0 || BlockedJoins() ? WorkflowStatus.Suspended : WorkflowStatus.Finished;
        if (_instance.Status == WorkflowStatus.Finished)
        {
            _instance.FinishedAt = Clock.GetUtcNow();
            _state.JoinArrivals.Clear();
            AddJournal(null, null, "Finished", null);
        }
        _state.Pending.Clear();
        _instance.VariablesJson = Variables.ToJsonString();
        _instance.OutputJson = Output.Count == 0 ? "{}" : Output.ToJsonString();
        _instance.StateJson = _state.ToJson();
        _instance.UpdatedAt = Clock.GetUtcNow();
    }

    /// <summary>Runs one work item; false when the workflow finished.</summary>
    private async Task<bool> RunItemAsync(WorkItem item)
    {
        var activity = _definition.Activities[item.ActivityId];
        if (item.ResumeBookmark is null && activity.Descriptor.ActivityType == typeof(FlowJoin) && !_released.Remove(activity.Id) && !Arrive(activity, item))
            return true;
        _current = item;
        var result = await InvokeAsync(activity, item);
        switch (result.Kind)
        {
            case ActivityResultKind.Completed:
                AddJournal(activity.Id, activity.Type, "Completed", string.Join(",", result.Outcomes));
                foreach (var c in _definition.Outgoing[activity.Id].Where(c => result.Outcomes.Contains(c.SourcePort)))
                    _queue.Enqueue(new WorkItem(c.Target, activity.Id, FromPort: c.SourcePort));
                return true;
            case ActivityResultKind.Suspended:
                foreach (var request in result.Bookmarks) CreateBookmark(activity.Id, request);
                AddJournal(activity.Id, activity.Type, "Suspended", string.Join(",", result.Bookmarks.Select(b => b.DueAt is { } d ? $"{b.Name}@{d:O}" : b.Name)));
                return true;
            default:
                AddJournal(activity.Id, activity.Type, "Completed", result.Outcomes.Count == 0 ? "FinishWorkflow" : $"FinishWorkflow:{string.Join(",", result.Outcomes)}");
                if (result.Outcomes.Count > 0) FinishOutcomes = result.Outcomes;
                foreach (var bookmark in _bookmarks.ToList()) RemoveBookmark(bookmark);
                _queue.Clear();
                _instance.Status = WorkflowStatus.Finished;
                return false;
        }
    }

    private async Task<ActivityResult> InvokeAsync(FlowActivity activity, WorkItem item)
    {
        var context = new ActivityContext(this, activity.Id, activity.Type, activity.Node, item.ResumeBookmark, item.Payload);
        try
        {
            var instance = (IActivity)Services.GetRequiredService(activity.Descriptor.ActivityType);
            if (item.ResumeBookmark is null) return await instance.ExecuteAsync(context);
            AddJournal(activity.Id, activity.Type, "Resumed", item.ResumeBookmark);
            return await instance.ResumeAsync(context);
        }
        catch (Exception e) when (e is not OperationCanceledException || !CancellationToken.IsCancellationRequested)
        {
            throw new ActivityFaultException(activity.Id, activity.Type, e);
        }
    }
}
