using System.Diagnostics.Metrics;
using CallManager.Domain.Attachments;
using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Submissions;
using CallManager.Runtime.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CallManager.Domain.Privacy;

/// <summary>
/// Applies the retention rules (<see cref="RetentionPlanner"/>): deletes what each rule says, in one transaction with one
/// audit entry per category that removed something (category, count, rule, ids: never a personal value), then removes
/// the deleted documents' files; accounts that never signed in since tracking began are given today as their last sign-in.
/// </summary>
public sealed class RetentionService(CallManagerDbContext db, RetentionPlanner planner, AuditLog audit, IAttachmentStore store,
    TimeProvider clock, ILogger<RetentionService> logger)
{
    private static readonly Meter Meter = new("CallManager.Privacy");
    private static readonly Counter<long> BlobFailures = Meter.CreateCounter<long>("callmanager.retention.blob_delete_failures");

    /// <summary>What a run would remove now, and why; changes nothing.</summary>
    public Task<RetentionPlan> DryRunAsync(Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        return planner.PlanAsync(ct);
    }

    /// <summary>Removes everything whose retention has ended, audits each category's purge, and returns what went.</summary>
    public async Task<RetentionPlan> RunAsync(Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var blobs = new List<string>();
        var plan = await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            blobs.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await StartTrackingAccountsAsync(token);
            var plan = await planner.PlanAsync(token);
            foreach (var rule in plan.Rules)
            {
                var items = plan.Items.Where(i => i.Category == rule.Category).ToList();
                if (items.Count == 0) continue;
                await PurgeAsync(rule.Category, items, blobs, token);
                await audit.AppendAsync(actor, "Retention", rule.Category, null, "retention.purged", null, new
                {
                    category = rule.Category.ToString(), count = items.Sum(i => i.Count), rule = rule.ToString(),
                    @event = rule.Event.ToString(), periodDays = (int)rule.Period.TotalDays,
                    ids = items.Where(i => i.EntityId.Length > 0).Select(i => i.EntityId).ToList(),
                }, token);
            }
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            return plan;
        }, ct);
        foreach (var key in blobs) await DeleteBlobAsync(key, ct);
        foreach (var (category, count) in plan.Counts.Where(c => c.Value > 0))
            logger.LogInformation("Retention removed {Count} {Category}", count, category);
        return plan;
    }

    private async Task PurgeAsync(RetentionCategory category, List<RetentionItem> items, List<string> blobs, CancellationToken ct)
    {
        var guids = category is RetentionCategory.InactiveAccounts or RetentionCategory.WorkflowJournal ? [] : items.Select(i => Guid.Parse(i.EntityId)).ToList();
        switch (category)
        {
            case RetentionCategory.DraftDossiers or RetentionCategory.NotSelectedDossiers or RetentionCategory.SelectedDossiersAndGrants:
                foreach (var chunk in guids.Chunk(500))
                {
                    blobs.AddRange(await db.Set<Attachment>().Where(a => chunk.Contains(a.ApplicationId)).Select(a => a.StorageKey).ToListAsync(ct));
                    await db.Set<Grant>().Where(g => chunk.Contains(g.ApplicationId)).ExecuteDeleteAsync(ct);
                    await db.Set<ApplicationRead>().Where(r => chunk.Contains(r.ApplicationId)).ExecuteDeleteAsync(ct);
                    // Partners, documents, versions, reviews, decisions, complaints and consensus comments go by cascade.
                    await db.Set<Application>().Where(a => chunk.Contains(a.Id)).ExecuteDeleteAsync(ct);
                }
                break;
            case RetentionCategory.ReviewsAndComments:
                foreach (var chunk in guids.Chunk(500)) await db.Set<Review>().Where(r => chunk.Contains(r.Id)).ExecuteDeleteAsync(ct);
                break;
            case RetentionCategory.Attachments:
                foreach (var chunk in guids.Chunk(500))
                {
                    blobs.AddRange(await db.Set<Attachment>().Where(a => chunk.Contains(a.Id)).Select(a => a.StorageKey).ToListAsync(ct));
                    await db.Set<Attachment>().Where(a => chunk.Contains(a.Id)).ExecuteDeleteAsync(ct);
                }
                break;
            case RetentionCategory.InactiveAccounts:
                foreach (var chunk in items.Select(i => i.EntityId).Chunk(500))
                {
                    await db.Set<AccountActivity>().Where(a => chunk.Contains(a.UserId)).ExecuteDeleteAsync(ct);
                    await db.Users.Where(u => chunk.Contains(u.Id)).ExecuteDeleteAsync(ct); // memberships, roles, logins go by cascade
                }
                break;
            case RetentionCategory.OutboxMails:
                foreach (var chunk in guids.Chunk(500)) await db.Set<OutboxMessage>().Where(m => chunk.Contains(m.Id)).ExecuteDeleteAsync(ct);
                break;
            case RetentionCategory.WorkflowJournal:
                var cutoff = items[0].EventAt;
                await db.Set<WorkflowJournalStep>().Where(j => j.At < cutoff).ExecuteDeleteAsync(ct);
                break;
        }
    }

    /// <summary>Accounts without an activity row (created before tracking, or never signed in) count from today.</summary>
    private async Task StartTrackingAccountsAsync(CancellationToken ct)
    {
        var tracked = db.Set<AccountActivity>().Select(a => a.UserId);
        var untracked = await db.Users.Where(u => !tracked.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        var now = clock.GetUtcNow();
        db.AddRange(untracked.Select(id => new AccountActivity { UserId = id, LastSignInAt = now }));
        if (untracked.Count > 0) await db.SaveChangesAsync(ct);
    }

    private async Task DeleteBlobAsync(string key, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(key)) return;
        try { await store.DeleteAsync(key, ct); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbUpdateException)
        {
            BlobFailures.Add(1);
            logger.LogWarning(e, "Retention could not delete the stored document {Key}; its row is gone, the file stays until removed by hand", key);
        }
    }

    /// <summary>One category purged by a past run, from its audit entry.</summary>
    public sealed record PastPurge(DateTimeOffset At, string Actor, string Category, int Count, long AuditSequence);

    /// <summary>The latest purges, newest first, read back from the audit chain (<c>retention.purged</c> entries).</summary>
    public async Task<IReadOnlyList<PastPurge>> LastRunsAsync(Actor actor, int take = 30, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var entries = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Action == "retention.purged")
            .OrderByDescending(e => e.Sequence).Take(take).ToListAsync(ct);
        return entries.Select(e =>
        {
            var after = System.Text.Json.Nodes.JsonNode.Parse(e.After ?? "{}");
            return new PastPurge(e.At, e.Actor, after?["category"]?.GetValue<string>() ?? e.EntityId, after?["count"]?.GetValue<int>() ?? 0, e.Sequence);
        }).ToList();
    }

    private static void RequireAdministrator(Actor actor)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators run or preview retention.");
    }
}
