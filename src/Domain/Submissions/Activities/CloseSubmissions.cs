using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Runtime.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Submissions.Activities;

/// <summary>
/// Records the close of submissions of the correlated call (audit entry with the counts per status). The refusal of
/// late submissions does not depend on it: the submit request checks the deadline against the clock itself.
/// </summary>
public sealed class CloseSubmissions : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var callId = Guid.Parse(context.CorrelationId!);
        var db = context.Services.GetRequiredService<CallManagerDbContext>();
        var counts = await db.Set<Application>().Where(a => a.CallId == callId)
            .GroupBy(a => a.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(context.CancellationToken);
        var byStatus = counts.ToDictionary(c => c.Status.ToString(), c => c.Count);
        await context.Services.GetRequiredService<AuditLog>().AppendAsync(Actor.System, nameof(Calls.Call), callId, callId,
            "call.submissions-closed", null, byStatus, context.CancellationToken);
        context.SetVariable("SubmittedDossiers", byStatus.GetValueOrDefault(nameof(ApplicationStatus.Submitted)));
        context.Journal($"Submissions closed: {string.Join(", ", byStatus.Select(kv => $"{kv.Value} {kv.Key}"))}.");
        return ActivityResult.Done();
    }
}
