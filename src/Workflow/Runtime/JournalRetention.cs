using CallManager.Workflow.Persistence;
using CallManager.Workflow.Runtime.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallManager.Workflow.Runtime;

/// <summary>Deletes journal rows (one per step) older than <see cref="RuntimeOptions.JournalRetention"/> (run at start-up; the journal is apart from the instances).</summary>
public sealed class JournalRetention(CallManagerDbContext db, TimeProvider clock, IOptions<RuntimeOptions> options)
{
    /// <summary>Deletes the expired entries; returns how many.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow() - options.Value.JournalRetention;
        return db.Set<WorkflowJournalStep>().Where(j => j.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
