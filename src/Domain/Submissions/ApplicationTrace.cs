using System.Text.Json;
using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Submissions;

/// <summary>
/// One step of a dossier's trace, read from the audit log: when, who (name when known), the action, the status reached and
/// the reason or rule it carries (a derogation's rule and reason, an admissibility decision's reason).
/// </summary>
public sealed record TraceEntry(long Sequence, DateTimeOffset At, string Actor, string? ActorName, string Action, ApplicationStatus? Status, string? Rule, string? Reason);

/// <summary>
/// A dossier's trace for administrators: the audit entries on the dossier itself and on the derogations recorded for it, oldest
/// first, so a derogation shows in the dossier's history beside the decisions it allowed.
/// </summary>
public sealed class ApplicationTrace(CallManagerDbContext db)
{
    /// <summary>The trace of dossier <paramref name="applicationId"/> (administrators).</summary>
    public async Task<List<TraceEntry>> ForApplicationAsync(Guid applicationId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators read a dossier's trace.");
        if (!await db.Set<Application>().AnyAsync(a => a.Id == applicationId, ct)) throw DomainException.NotFound("The dossier");
        var keys = (await db.Set<EligibilityDerogation>().AsNoTracking().Where(d => d.ApplicationId == applicationId).Select(d => d.Id).ToListAsync(ct))
            .Select(id => id.ToString()).ToList();
        var id = applicationId.ToString();
        var entries = await db.Set<AuditEntry>().AsNoTracking()
            .Where(e => (e.EntityType == nameof(Application) && e.EntityId == id) || (e.EntityType == nameof(EligibilityDerogation) && keys.Contains(e.EntityId)))
            .OrderBy(e => e.Sequence).ToListAsync(ct);
        var actors = entries.Select(e => e.Actor).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => actors.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, ct);
        return entries.Select(e =>
        {
            using var after = e.After is null ? null : JsonDocument.Parse(e.After);
            var root = after?.RootElement;
            return new TraceEntry(e.Sequence, e.At, e.Actor, names.GetValueOrDefault(e.Actor), e.Action,
                Enum.TryParse<ApplicationStatus>(Text(root, "status"), out var status) ? status : null,
                Text(root, "Rule") ?? Text(root, "rule"),
                Text(root, "Reason") ?? Text(root, "reason") ?? (root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("details", out var details) ? Text(details, "reason") : null));
        }).ToList();
    }

    private static string? Text(JsonElement? element, string property) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
