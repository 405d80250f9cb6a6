using CallManager.Domain.Calls.Activities;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Expressions;
using CallManager.Runtime.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CallManager.Domain.Calls;

/// <summary>
/// Timers follow the data: when a published call's dates change, the timer bookmarks of its workflow that wait for those
/// dates (each <see cref="ICallDateTimer"/> a stage registers, with literal inputs) get their new due
/// instant in the same unit of work as the change, earlier or later; once it is committed their Hangfire jobs follow
/// (<see cref="RescheduleAsync"/>). A bookmark moved without a job (a crash in between) is scheduled by start-up recovery.
/// </summary>
public sealed class CallTimers(CallManagerDbContext db, DefinitionStore definitions, IWorkflowRuntime runtime, TimeProvider clock,
    IEnumerable<ICallDateTimer> dateTimers, ILogger<CallTimers> logger)
{
    private readonly List<(Guid Instance, string Activity, DateTimeOffset Due)> _moved = [];

    /// <summary>Moves the due instants of <paramref name="call"/>'s date timers in the unit of work (not saved).</summary>
    public async Task MoveAsync(Call call, CancellationToken ct)
    {
        var correlation = call.Id.ToString();
        var timers = await db.Set<WorkflowBookmark>().Where(b => b.CorrelationId == correlation && b.DueAt != null).ToListAsync(ct);
        foreach (var group in timers.GroupBy(b => b.InstanceId))
        {
            var instance = await db.Set<WorkflowInstance>().FirstAsync(i => i.Id == group.Key, ct);
            if (instance.Status != WorkflowStatus.Suspended) continue; // a running or faulted step re-reads the call when it resumes
            var definition = await definitions.GetAsync(db, instance.DefinitionVersionId, ct);
            foreach (var timer in group)
            {
                if (!definition.Activities.TryGetValue(timer.ActivityId, out var activity) || DueOf(call, activity) is not { } due || due == timer.DueAt) continue;
                timer.DueAt = due;
                timer.JobId = null; // the old job, if it runs, finds the new instant and waits again
                instance.UpdatedAt = clock.GetUtcNow(); // bumps the instance's version: one writer at a time
                _moved.Add((instance.Id, timer.ActivityId, due));
            }
        }
    }

    /// <summary>After the save: schedules the moved timers' jobs (or fires those now due).</summary>
    public async Task RescheduleAsync(CancellationToken ct)
    {
        foreach (var (instance, activity, due) in _moved)
        {
            try
            {
                await runtime.RescheduleTimerAsync(instance, activity, due, ct);
            }
            catch (DomainException e) when (e.Kind == DomainErrorKind.Conflict)
            {
                logger.LogInformation("Timer {Activity} of instance {Instance} fired before its job was moved: {Problem}", activity, instance, e.Message);
            }
        }
        _moved.Clear();
    }

    /// <summary>The due instant a date timer activity computes from the call, when its inputs are literals; otherwise null.</summary>
    private DateTimeOffset? DueOf(Call call, FlowActivity activity) =>
        dateTimers.FirstOrDefault(t => t.ActivityType == activity.Descriptor.ActivityType) is { } timer ? timer.Due(call, input => Literal(activity, input)) : null;

    private static string? Literal(FlowActivity activity, string input) =>
        ExpressionEvaluator.TryGetExpression(activity.Node[input], out var type, out var value) && type == "Literal" ? value?.ToString() : null;
}
