using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Grants;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection.Complaints;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Web.Ui;

/// <summary>
/// Names the people and objects of a page of audit entries for a reader: users by name and address, calls by code, dossiers,
/// decisions, complaints and grants by the dossier's reference, organisations by name. It reads every stage, so it lives beside the
/// page rather than in the audit folder, which every stage writes to.
/// </summary>
public sealed class AuditNames(CallManagerDbContext db)
{
    /// <summary>The names found for one page of entries; an id without a name (a deleted row) is shown as it is.</summary>
    public sealed record Names(IReadOnlyDictionary<string, string> People, IReadOnlyDictionary<string, string> Objects)
    {
        /// <summary>The person behind <paramref name="actor"/> ("Claire Martin (claire@…)"), or the actor as recorded.</summary>
        public string Person(string actor) => People.GetValueOrDefault(actor, actor);

        /// <summary>The reference or name of the object, or null when none is known.</summary>
        public string? Object(string type, string id) => Objects.GetValueOrDefault(Key(type, id));
    }

    /// <summary>The names of the actors and objects of <paramref name="entries"/>, in a few queries.</summary>
    public async Task<Names> ForAsync(IReadOnlyList<AuditEntry> entries, CancellationToken ct = default)
    {
        var objects = new Dictionary<string, string>();
        Guid[] Ids(params string[] types) => entries.Where(e => types.Contains(e.EntityType)).Select(e => Guid.TryParse(e.EntityId, out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).Distinct().ToArray();
        void Put(string type, IEnumerable<(Guid Id, string Name)> rows) { foreach (var (id, name) in rows) objects[Key(type, id.ToString())] = name; }

        var userIds = entries.Select(e => e.Actor).Concat(entries.Where(e => e.EntityType == nameof(AppUser)).Select(e => e.EntityId)).Distinct().ToArray();
        var users = await db.Set<AppUser>().AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(ct);
        var people = users.ToDictionary(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : $"{u.DisplayName} ({u.Email})");
        foreach (var u in people) objects[Key(nameof(AppUser), u.Key)] = u.Value;

        var calls = Ids(nameof(Call));
        Put(nameof(Call), (await db.Set<Call>().AsNoTracking().Where(c => calls.Contains(c.Id)).Select(c => new { c.Id, c.Code }).ToListAsync(ct)).Select(c => (c.Id, c.Code)));
        var organisations = Ids(nameof(Organisation));
        Put(nameof(Organisation), (await db.Set<Organisation>().AsNoTracking().Where(o => organisations.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            .Select(o => (o.Id, o.Name)));
        var grants = Ids(nameof(Grant));
        Put(nameof(Grant), (await db.Set<Grant>().AsNoTracking().Where(g => grants.Contains(g.Id)).Select(g => new { g.Id, g.Reference }).ToListAsync(ct))
            .Select(g => (g.Id, g.Reference)));

        // Objects of a dossier are named by the dossier's reference.
        var byApplication = new List<(string Type, Guid Id, Guid ApplicationId)>();
        var decisions = Ids(nameof(Decision));
        byApplication.AddRange((await db.Set<Decision>().AsNoTracking().Where(d => decisions.Contains(d.Id)).Select(d => new { d.Id, d.ApplicationId }).ToListAsync(ct))
            .Select(d => (nameof(Decision), d.Id, d.ApplicationId)));
        var complaints = Ids(nameof(Complaint));
        byApplication.AddRange((await db.Set<Complaint>().AsNoTracking().Where(c => complaints.Contains(c.Id)).Select(c => new { c.Id, c.ApplicationId }).ToListAsync(ct))
            .Select(c => (nameof(Complaint), c.Id, c.ApplicationId)));
        var reviews = Ids(nameof(Review));
        byApplication.AddRange((await db.Set<Review>().AsNoTracking().Where(r => reviews.Contains(r.Id)).Select(r => new { r.Id, r.ApplicationId }).ToListAsync(ct))
            .Select(r => (nameof(Review), r.Id, r.ApplicationId)));
        var applications = Ids(nameof(Application), "Dossier").Concat(byApplication.Select(x => x.ApplicationId)).Distinct().ToArray();
        var references = await db.Set<Application>().AsNoTracking().Where(a => applications.Contains(a.Id)).Select(a => new { a.Id, a.Reference }).ToDictionaryAsync(a => a.Id, a => a.Reference, ct);
        Put(nameof(Application), references.Select(r => (r.Key, r.Value)));
        Put("Dossier", references.Select(r => (r.Key, r.Value)));
        foreach (var (type, id, applicationId) in byApplication)
            if (references.TryGetValue(applicationId, out var reference)) objects[Key(type, id.ToString())] = reference;
        return new(people, objects);
    }

    private static string Key(string type, string id) => type + "/" + id.ToLowerInvariant();
}
