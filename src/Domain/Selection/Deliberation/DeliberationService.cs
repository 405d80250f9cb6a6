using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Deliberation;

/// <summary>Body of <c>PUT /api/applications/{id}/consensus</c>.</summary>
public sealed record ConsensusInput(string? Text);

/// <summary>Body of <c>POST /api/calls/{id}/minutes</c>: meeting instant (UTC), attendees, text, votes.</summary>
public sealed record MinutesInput(DateTimeOffset? HeldAt, List<string>? Attendees, string? Text, List<JuryVote>? Votes);

/// <summary>A consensus comment as shown.</summary>
public sealed record ConsensusView(Guid ApplicationId, string Text, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>Administrators record the jury's deliberation: a consensus comment per dossier and the meeting minutes.</summary>
public sealed class DeliberationService(CallManagerDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <summary>Sets (or replaces) the consensus comment of a dossier under review or decided.</summary>
    public async Task<ConsensusView> SetConsensusAsync(Guid applicationId, ConsensusInput input, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var application = await db.Set<Application>().FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw DomainException.NotFound("The dossier");
        if (string.IsNullOrWhiteSpace(input.Text)) throw DomainException.Invalid("Write the consensus comment: the applicant reads it in the decision letter.");
        var comment = await db.Set<ConsensusComment>().FirstOrDefaultAsync(c => c.ApplicationId == applicationId, ct);
        if (comment is null) db.Add(comment = new ConsensusComment { ApplicationId = applicationId, CallId = application.CallId });
        comment.Text = input.Text.Trim();
        comment.RecordedBy = actor.UserId;
        comment.RecordedAt = clock.GetUtcNow();
        await audit.AppendAsync(actor, nameof(ConsensusComment), applicationId, application.CallId, "selection.consensus", null, new { comment.Text }, ct);
        await db.SaveChangesAsync(ct);
        return new ConsensusView(applicationId, comment.Text, comment.RecordedBy, comment.RecordedAt);
    }

    /// <summary>Records the minutes of a jury meeting.</summary>
    public async Task<JuryMinutes> RecordMinutesAsync(Guid callId, MinutesInput input, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        if (!await db.Set<Call>().AnyAsync(c => c.Id == callId, ct)) throw DomainException.NotFound("The call");
        var attendees = (input.Attendees ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).ToList();
        if (attendees.Count == 0) throw DomainException.Invalid("List the attendees of the meeting.");
        if (string.IsNullOrWhiteSpace(input.Text)) throw DomainException.Invalid("Write the text of the minutes.");
        var votes = input.Votes ?? [];
        var bad = votes.FirstOrDefault(v => string.IsNullOrWhiteSpace(v.Motion) || v.For < 0 || v.Against < 0 || v.Abstain < 0);
        if (bad is not null) throw DomainException.Invalid("Each vote needs its motion and counts of 0 or more for, against and abstaining.");
        var minutes = new JuryMinutes
        {
            CallId = callId, HeldAt = input.HeldAt ?? clock.GetUtcNow(), Attendees = attendees, Text = input.Text.Trim(), Votes = votes,
            RecordedBy = actor.UserId, RecordedAt = clock.GetUtcNow(),
        };
        db.Add(minutes);
        await audit.AppendAsync(actor, nameof(JuryMinutes), minutes.Id, callId, "selection.minutes", null, new { minutes.HeldAt, minutes.Attendees, minutes.Votes }, ct);
        await db.SaveChangesAsync(ct);
        return minutes;
    }

    /// <summary>The call's minutes, oldest meeting first.</summary>
    public async Task<List<JuryMinutes>> ListMinutesAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var minutes = await db.Set<JuryMinutes>().AsNoTracking().Where(m => m.CallId == callId).ToListAsync(ct);
        return minutes.OrderBy(m => m.HeldAt).ThenBy(m => m.RecordedAt).ToList();
    }

    private static void RequireAdministrator(Actor actor)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators record the jury's deliberation.");
    }
}
