namespace CallManager.Workflow.Runtime;

/// <summary>The implementation of <see cref="IWorkflowRuntime"/> (being written).</summary>
internal sealed class WorkflowRuntime : IWorkflowRuntime
{
    public Task<WorkflowInstanceSummary> StartAsync(StartRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task<StimulusResult> StimulateAsync(Stimulus stimulus, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task RescheduleTimerAsync(Guid instanceId, string activityId, DateTimeOffset dueAt, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task<WorkflowInstanceSummary> RetryAsync(Guid instanceId, CancellationToken cancellationToken = default) => throw new NotImplementedException();
    public Task<WorkflowInstanceSummary> CancelAsync(Guid instanceId, string? reason = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
