using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Grants;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Submissions;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Privacy;

/// <summary>
/// Works out what the retention rules remove now and why (the dry run, and the list <see cref="RetentionService"/> deletes):
/// each item names its category, the event its period counts from, and when that period ended.
/// </summary>
public sealed class RetentionPlanner(CallManagerDbContext db, TimeProvider clock, IOptions<RetentionOptions> options, IOptions<RuntimeOptions> runtime)
{
    /// <summary>The rules in force: configured periods over the defaults; the journal's is <c>Workflows:JournalRetention</c>.</summary>
    public IReadOnlyList<RetentionRule> Rules() => Enum.GetValues<RetentionCategory>().Select(c => new RetentionRule(c, RetentionOptions.EventOf(c),
        options.Value.Periods.TryGetValue(c, out var p) ? p
        : c == RetentionCategory.WorkflowJournal ? runtime.Value.JournalRetention : RetentionOptions.Defaults[c])).ToList();

    /// <summary>Everything whose retention period has ended at this instant, by category.</summary>
    public async Task<RetentionPlan> PlanAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var rules = Rules().ToDictionary(r => r.Category);
        var closedCalls = (await db.Set<Call>().AsNoTracking().Where(c => c.ClosedAt != null).Select(c => new { c.Id, c.ClosedAt }).ToListAsync(ct))
            .ToDictionary(c => c.Id, c => c.ClosedAt!.Value);
        var applications = await db.Set<Application>().AsNoTracking().Select(a => new { a.Id, a.CallId, a.Reference, a.Status }).ToListAsync(ct);
        var grants = await db.Set<Grant>().AsNoTracking().Select(g => new { g.ApplicationId, g.ClosedAt, g.CancelledAt }).ToListAsync(ct);
        var granted = grants.GroupBy(g => g.ApplicationId).ToDictionary(g => g.Key, g => g.Any(x => x.ClosedAt is null && x.CancelledAt is null)
            ? (DateTimeOffset?)null : g.Max(x => x.ClosedAt ?? x.CancelledAt));
        var items = new List<RetentionItem>();

        void AddIfDue(RetentionCategory category, string type, object id, string label, DateTimeOffset? eventAt)
        {
            if (eventAt is not { } at) return;
            var due = at + rules[category].Period;
            if (due <= now) items.Add(new(category, type, id.ToString()!, label, at, due));
        }

        foreach (var a in applications)
        {
            var closed = closedCalls.TryGetValue(a.CallId, out var c) ? c : (DateTimeOffset?)null;
            if (a.Status == ApplicationStatus.Draft) AddIfDue(RetentionCategory.DraftDossiers, nameof(Application), a.Id, a.Reference, closed);
            else if (!granted.TryGetValue(a.Id, out var grantClosed)) AddIfDue(RetentionCategory.NotSelectedDossiers, nameof(Application), a.Id, a.Reference, closed);
            else AddIfDue(RetentionCategory.SelectedDossiersAndGrants, nameof(Application), a.Id, a.Reference, grantClosed);
        }
        var leaving = items.Select(i => Guid.Parse(i.EntityId)).ToHashSet();
        var references = applications.ToDictionary(a => a.Id, a => a.Reference);

        var reviews = await db.Set<Review>().AsNoTracking().Select(r => new { r.Id, r.ApplicationId, r.CallId }).ToListAsync(ct);
        foreach (var r in reviews.Where(r => !leaving.Contains(r.ApplicationId)))
            AddIfDue(RetentionCategory.ReviewsAndComments, nameof(Review), r.Id, references.GetValueOrDefault(r.ApplicationId, ""), closedCalls.TryGetValue(r.CallId, out var c) ? c : null);

        var ungranted = applications.Where(a => a.Status != ApplicationStatus.Draft && !granted.ContainsKey(a.Id) && !leaving.Contains(a.Id))
            .ToDictionary(a => a.Id, a => a.CallId);
        var attachments = await db.Set<Attachment>().AsNoTracking().Select(x => new { x.Id, x.ApplicationId, x.OriginalName }).ToListAsync(ct);
        foreach (var x in attachments.Where(x => ungranted.ContainsKey(x.ApplicationId)))
            AddIfDue(RetentionCategory.Attachments, nameof(Attachment), x.Id, $"{references[x.ApplicationId]} / {x.OriginalName}",
                closedCalls.TryGetValue(ungranted[x.ApplicationId], out var c) ? c : null);

        await AddAccountsAsync(AddIfDue, ct);

        var mails = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Status == OutboxStatus.Sent || m.Status == OutboxStatus.Failed)
            .Select(m => new { m.Id, m.Kind, m.CreatedAt }).ToListAsync(ct);
        foreach (var m in mails) AddIfDue(RetentionCategory.OutboxMails, nameof(OutboxMessage), m.Id, m.Kind, m.CreatedAt);

        var journalCutoff = now - rules[RetentionCategory.WorkflowJournal].Period;
        var steps = await db.Set<WorkflowJournalStep>().AsNoTracking().Where(j => j.At < journalCutoff).CountAsync(ct);
        if (steps > 0) items.Add(new(RetentionCategory.WorkflowJournal, "WorkflowJournal", "", $"{steps} steps before {journalCutoff:u}", journalCutoff, now, steps));
        return new RetentionPlan(now, rules.Values.ToList(), items);
    }

    /// <summary>Accounts that are not administrators, own no dossier, review or jury seat, and whose last sign-in is past the period.</summary>
    private async Task AddAccountsAsync(Action<RetentionCategory, string, object, string, DateTimeOffset?> addIfDue, CancellationToken ct)
    {
        var administrators = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id
                                    where r.Name == Roles.Administrator select ur.UserId).ToListAsync(ct);
        var owners = await db.Set<Application>().Select(a => a.CreatedBy)
            .Union(db.Set<Review>().Select(r => r.ReviewerId)).Union(db.Set<JuryMember>().Select(j => j.UserId)).ToListAsync(ct);
        var keep = administrators.Concat(owners).ToHashSet();
        var activity = await db.Set<AccountActivity>().AsNoTracking().ToDictionaryAsync(a => a.UserId, a => a.LastSignInAt, ct);
        foreach (var user in await db.Users.AsNoTracking().Select(u => new { u.Id, u.Email }).ToListAsync(ct))
        {
            if (keep.Contains(user.Id)) continue;
            addIfDue(RetentionCategory.InactiveAccounts, nameof(AppUser), user.Id, user.Email ?? user.Id, activity.TryGetValue(user.Id, out var at) ? at : null);
        }
    }
}
