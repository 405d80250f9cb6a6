using System.Text.Json;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection.Complaints;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Applicants;

/// <summary>What happened to a dossier, when. <see cref="Status"/> is the status reached, for the kinds that carry one.</summary>
public sealed record TimelineEvent(TimelineKind Kind, DateTimeOffset At, ApplicationStatus? Status = null);

/// <summary>The kinds of step a dossier's history shows its applicant.</summary>
public enum TimelineKind
{
    Submitted, Resubmitted, Checked, Withdrawn, UnderReview, DecisionPublished, DecisionChanged, ReturnedToReview, Promoted,
    ComplaintFiled, ComplaintUpheld, ComplaintRejected, GrantOpened, GrantCancelled, StatusChanged,
}

/// <summary>A dossier's history (oldest first) in its call's zone, and what the applicant can open: letter, complaint, grant space.</summary>
public sealed record ApplicationTimeline(Guid ApplicationId, string TimeZone, IReadOnlyList<TimelineEvent> Events, bool DecisionPublished,
    ComplaintStatus? Complaint, bool HasGrant);

/// <summary>
/// The status history of the applicant's dossiers, read from the audit entries <see cref="ApplicationLifecycle"/> writes
/// (so a staged decision, which moves no status, never shows), the first review assignment, the complaint and the grants
/// (each one opened, and cancelled when the dossier was unselected: a dossier selected again has a second one).
/// </summary>
public sealed class ApplicationTimelines(CallManagerDbContext db, ApplicationAccess access)
{
    /// <summary>The timelines of the dossiers <paramref name="actor"/> acts for, by dossier id.</summary>
    public async Task<Dictionary<Guid, ApplicationTimeline>> MineAsync(Actor actor, CancellationToken ct = default)
    {
        var dossiers = await access.Visible(actor).AsNoTracking().Select(a => new { a.Id, a.CallId }).ToListAsync(ct);
        var ids = dossiers.Select(d => d.Id).ToList();
        var keys = ids.Select(id => id.ToString()).ToList();
        var callIds = dossiers.Select(d => d.CallId).Distinct().ToList();
        var zones = await db.Set<Call>().AsNoTracking().Where(c => callIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.TimeZone, ct);
        var entries = (await db.Set<AuditEntry>().AsNoTracking().Where(e => e.EntityType == nameof(Application) && keys.Contains(e.EntityId))
            .OrderBy(e => e.Sequence).ToListAsync(ct)).ToLookup(e => e.EntityId);
        var reviews = (await db.Set<Review>().AsNoTracking().Where(r => ids.Contains(r.ApplicationId)).Select(r => new { r.ApplicationId, r.AssignedAt })
            .ToListAsync(ct)).GroupBy(r => r.ApplicationId).ToDictionary(g => g.Key, g => g.Min(r => r.AssignedAt));
        var published = (await db.Set<Decision>().AsNoTracking().Where(d => ids.Contains(d.ApplicationId) && d.PublishedAt != null)
            .Select(d => d.ApplicationId).ToListAsync(ct)).ToHashSet();
        var complaints = await db.Set<Complaint>().AsNoTracking().Where(c => ids.Contains(c.ApplicationId)).ToDictionaryAsync(c => c.ApplicationId, ct);
        var grants = (await db.Set<Grant>().AsNoTracking().Where(g => ids.Contains(g.ApplicationId))
            .Select(g => new { g.ApplicationId, g.OpenedAt, g.CancelledAt }).ToListAsync(ct)).ToLookup(g => g.ApplicationId);
        return dossiers.ToDictionary(d => d.Id, d =>
        {
            var events = entries[d.Id.ToString()].Select(Event).OfType<TimelineEvent>().ToList();
            if (reviews.TryGetValue(d.Id, out var assigned)) events.Add(new TimelineEvent(TimelineKind.UnderReview, assigned));
            var complaint = complaints.GetValueOrDefault(d.Id);
            if (complaint is not null) events.AddRange(ComplaintEvents(complaint));
            foreach (var grant in grants[d.Id])
            {
                events.Add(new TimelineEvent(TimelineKind.GrantOpened, grant.OpenedAt));
                if (grant.CancelledAt is { } cancelled) events.Add(new TimelineEvent(TimelineKind.GrantCancelled, cancelled));
            }
            return new ApplicationTimeline(d.Id, zones[d.CallId], events.OrderBy(e => e.At).ToList(), published.Contains(d.Id), complaint?.Status,
                grants.Contains(d.Id));
        });
    }

    private static IEnumerable<TimelineEvent> ComplaintEvents(Complaint complaint)
    {
        yield return new TimelineEvent(TimelineKind.ComplaintFiled, complaint.FiledAt);
        if (complaint.ResolvedAt is { } resolved)
            yield return new TimelineEvent(complaint.Status == ComplaintStatus.Upheld ? TimelineKind.ComplaintUpheld : TimelineKind.ComplaintRejected, resolved);
    }

    /// <summary>A lifecycle entry as a step (its after-state holds the status reached); other entries on the dossier are not steps.</summary>
    private static TimelineEvent? Event(AuditEntry entry)
    {
        if (entry.Before is null || Status(entry.Before) is null || entry.After is null || Status(entry.After) is not { } status) return null;
        var kind = entry.Action switch
        {
            "application.submitted" => TimelineKind.Submitted,
            "application.resubmitted" => TimelineKind.Resubmitted,
            "application.admissibility" => TimelineKind.Checked,
            "application.withdrawn" => TimelineKind.Withdrawn,
            "selection.decision-published" => TimelineKind.DecisionPublished,
            "selection.decision-revised" => TimelineKind.DecisionChanged,
            "selection.complaint-upheld" => TimelineKind.ReturnedToReview,
            "selection.reserve-promoted" => TimelineKind.Promoted,
            _ => TimelineKind.StatusChanged,
        };
        return new TimelineEvent(kind, entry.At, status);
    }

    private static ApplicationStatus? Status(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("status", out var value)
            && value.ValueKind == JsonValueKind.String && Enum.TryParse<ApplicationStatus>(value.GetString(), out var status) ? status : null;
    }
}
