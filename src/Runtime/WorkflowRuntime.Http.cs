using System.Text.Json.Nodes;
using CallManager.Domain.Common;
using CallManager.Runtime.Activities;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Http;
using CallManager.Runtime.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Runtime;

/// <summary>
/// HTTP requests (<see cref="HttpWorkflows"/>): a request starts an instance at its HttpEndpoint trigger, or resumes the one
/// instance waiting on the endpoint, in one step whose response (<see cref="HttpResponseSlot"/>) is returned once committed. Unlike
/// a stimulus, a request that finds nothing to resume is never kept in the inbox: it is answered at once.
/// </summary>
public sealed partial class WorkflowRuntime
{
    /// <summary>What a request's step did: the instance after it, the response it wrote, the incident's message when it faulted; null instance when the bookmark was gone.</summary>
    internal sealed record HttpStep(WorkflowInstanceSummary? Instance, HttpWorkflowResponse? Response, string? Fault);

    /// <summary>Starts the latest version of <paramref name="definitionId"/> at its HttpEndpoint trigger <paramref name="activityId"/>.</summary>
    internal async Task<HttpStep> StartByHttpAsync(string definitionId, string activityId, string? correlationId, JsonObject request, CancellationToken cancellationToken)
    {
        var (result, steps) = await WithRetryAsync(async (services, db) =>
        {
            var slot = services.GetRequiredService<HttpResponseSlot>();
            slot.Open();
            var version = await definitions.LatestAsync(db, definitionId, cancellationToken)
                ?? throw DomainException.NotFound($"Workflow definition '{definitionId}'");
            var instance = await NewInstanceAsync(db, version, correlationId, null, null, cancellationToken);
            var work = new WorkItem(activityId, ResumeBookmark: HttpEndpoint.TriggerName, Payload: request.DeepClone());
            var step = await RunOrFaultAsync(services, db, instance, [], [work], isNew: true, cancellationToken);
            return await FinishHttpStepAsync(db, instance, step, slot, cancellationToken);
        }, cancellationToken);
        await ApplyEffectsAsync(steps, cancellationToken);
        return result;
    }

    /// <summary>Resumes the activities of instance <paramref name="instanceId"/> waiting on bookmark <paramref name="bookmarkName"/>; an empty result when it no longer waits.</summary>
    internal async Task<HttpStep> ResumeByHttpAsync(Guid instanceId, string bookmarkName, JsonObject request, CancellationToken cancellationToken)
    {
        var (result, steps) = await WithRetryAsync(async (services, db) =>
        {
            var slot = services.GetRequiredService<HttpResponseSlot>();
            slot.Open();
            var instance = await db.Set<WorkflowInstance>().AsNoTracking()
                .FirstOrDefaultAsync(i => i.Id == instanceId && i.Status == WorkflowStatus.Suspended, cancellationToken);
            var bookmarks = instance is null ? [] : await AllBookmarksAsync(db, instanceId, cancellationToken);
            var work = bookmarks.Where(b => b.Name == bookmarkName && b.DueAt == null).Select(b => b.ActivityId).Distinct()
                .Select(a => new WorkItem(a, ResumeBookmark: bookmarkName, Payload: request.DeepClone())).ToList();
            if (instance is null || work.Count == 0) return (new HttpStep(null, null, null), new List<FlowchartExecutor>());
            var step = await RunOrFaultAsync(services, db, instance, bookmarks, work, isNew: false, cancellationToken);
            return await FinishHttpStepAsync(db, instance, step, slot, cancellationToken);
        }, cancellationToken);
        await ApplyEffectsAsync(steps, cancellationToken);
        return result;
    }

    private static async Task<(HttpStep, List<FlowchartExecutor>)> FinishHttpStepAsync(DbContext db, WorkflowInstance instance, FlowchartExecutor? step,
        HttpResponseSlot slot, CancellationToken cancellationToken)
    {
        var steps = step is null ? [] : new List<FlowchartExecutor> { step };
        // A faulted step is rolled back, the response it may have written with it: the fault's own answer replaces it.
        var fault = step is null ? db.ChangeTracker.Entries<WorkflowIncident>().Select(e => e.Entity.Message).LastOrDefault() ?? "the workflow faulted" : null;
        await StepWriter.SaveAsync(db, steps, null, cancellationToken);
        return (new HttpStep(instance.ToSummary(), step is null ? null : slot.Response, fault), steps);
    }
}
