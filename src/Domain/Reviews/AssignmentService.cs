using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Reviews;

/// <summary>Who reviews which dossier: automatic assignment through an <see cref="Assignment.IReviewerAssigner"/>, manual assign and unassign.</summary>
public sealed partial class AssignmentService(CallManagerDbContext db, CallService calls, ReviewMails mails, AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// Assigns one jury member to one admissible dossier by hand (the dossier stays hidden from them until they confirm their
    /// declaration). Refused when they are not on the jury, are conflicted, are already assigned, or are at their load cap. Side effects: review row (draft,
    /// manual), audit entry, one mail to the reviewer, saved together.
    /// </summary>
    public async Task<AssignmentView> AssignAsync(Guid callId, AssignInput input, Actor actor, CancellationToken ct = default)
    {
        JuryService.EnsureAdministrator(actor);
        var call = await calls.FindAsync(callId, actor, ct);
        if (input.ApplicationId is not { } applicationId) throw DomainException.Invalid("applicationId is required.", Field("applicationId", "Required."));
        if (string.IsNullOrWhiteSpace(input.ReviewerId)) throw DomainException.Invalid("reviewerId is required: give the jury member's user id.", Field("reviewerId", "Required."));
        var application = await db.Set<Application>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == applicationId && a.CallId == callId, ct)
            ?? throw DomainException.Invalid("This dossier does not belong to the call.", Field("applicationId", "Not a dossier of this call."));
        if (application.Status != ApplicationStatus.Admissible)
            throw DomainException.Conflict($"{application.Reference} is {application.Status}: only admissible dossiers are reviewed.");
        var member = await db.Set<JuryMember>().AsNoTracking().FirstOrDefaultAsync(j => j.CallId == callId && j.UserId == input.ReviewerId, ct)
            ?? throw DomainException.Invalid("This person is not on the jury of the call: invite them first (POST /api/calls/{id}/jury).", Field("reviewerId", "Not a jury member."));
        await EnsureAssignableAsync(call, application, member, ct);

        var review = NewReview(callId, application.Id, member.UserId, manual: true, actor);
        db.Add(review);
        await audit.AppendAsync(actor, nameof(Review), review.Id, callId, "review.assigned", null, new { application.Reference, member.UserId, manual = true }, ct);
        var user = await db.Set<AppUser>().FirstAsync(u => u.Id == member.UserId, ct);
        await SendAssignedMailAsync(call, user, [application], ct);
        await db.SaveChangesAsync(ct);
        return new AssignmentView(review.Id, application.Id, application.Reference, user.Id, user.Email!, review.Status, true, review.AssignedAt, null, false);
    }

    /// <summary>Removes an assignment whose review is not submitted (a submitted review is evidence and stays).</summary>
    public async Task UnassignAsync(Guid callId, Guid reviewId, Actor actor, CancellationToken ct = default)
    {
        JuryService.EnsureAdministrator(actor);
        await calls.FindAsync(callId, actor, ct);
        var review = await db.Set<Review>().FirstOrDefaultAsync(r => r.Id == reviewId && r.CallId == callId, ct) ?? throw DomainException.NotFound("The assignment");
        if (review.Status == ReviewStatus.Submitted)
            throw DomainException.Conflict("This review is submitted: a submitted review cannot be unassigned (the ranking ignores it only if a conflict is declared).");
        db.Remove(review);
        await audit.AppendAsync(actor, nameof(Review), review.Id, callId, "review.unassigned", new { review.ApplicationId, review.ReviewerId }, null, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Every assignment of the call, by dossier then reviewer, with whether a later conflict sets it aside.</summary>
    public async Task<List<AssignmentView>> ListAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        JuryService.EnsureAdministrator(actor);
        await calls.FindAsync(callId, actor, ct);
        var conflicted = (await ConflictRules.ConflictedPairs(db, callId).ToListAsync(ct)).ToHashSet();
        var rows = await db.Set<Review>().AsNoTracking().Where(r => r.CallId == callId)
            .Join(db.Set<Application>(), r => r.ApplicationId, a => a.Id, (r, a) => new { r, a.Reference })
            .Join(db.Set<AppUser>(), x => x.r.ReviewerId, u => u.Id, (x, u) => new { x.r, x.Reference, u.Email }).ToListAsync(ct);
        return rows.OrderBy(x => x.Reference).ThenBy(x => x.Email).Select(x => new AssignmentView(x.r.Id, x.r.ApplicationId, x.Reference, x.r.ReviewerId,
            x.Email!, x.r.Status, x.r.ManuallyAssigned, x.r.AssignedAt, x.r.SubmittedAt,
            conflicted.Contains(new ConflictedPair(x.r.ApplicationId, x.r.ReviewerId)))).ToList();
    }

    private async Task EnsureAssignableAsync(Call call, Application application, JuryMember member, CancellationToken ct)
    {
        if (await ConflictRules.IsConflictedAsync(db, application.Id, member.UserId, ct))
            throw DomainException.Conflict($"This reviewer declared a conflict with the lead or a partner organisation of {application.Reference}: they cannot review it.");
        if (await db.Set<Review>().AnyAsync(r => r.ApplicationId == application.Id && r.ReviewerId == member.UserId, ct))
            throw DomainException.Conflict($"This reviewer is already assigned to {application.Reference}.");
        var cap = MaxLoad(member, call.Review.MaxLoadPerReviewer);
        var load = await db.Set<Review>().CountAsync(r => r.CallId == call.Id && r.ReviewerId == member.UserId, ct);
        if (load >= cap)
            throw DomainException.Conflict($"This reviewer already has {load} dossier(s), their maximum load ({cap}): unassign one or raise the maximum.");
    }

    private static int MaxLoad(JuryMember member, int callMax) => Math.Min(member.MaxLoad ?? int.MaxValue, callMax);

    private Review NewReview(Guid callId, Guid applicationId, string reviewerId, bool manual, Actor actor) => new()
    {
        CallId = callId, ApplicationId = applicationId, ReviewerId = reviewerId, ManuallyAssigned = manual,
        AssignedBy = actor.UserId, AssignedAt = clock.GetUtcNow(),
    };

    private Task SendAssignedMailAsync(Call call, AppUser user, IReadOnlyList<Application> dossiers, CancellationToken ct)
    {
        var titles = !call.Review.Anonymise || call.Form.Field("title") is not { Personal: true };
        return mails.ToUserAsync(user, ReviewMails.Assigned, language => new
        {
            name = user.DisplayName, call = call.Title(language), code = call.Code, count = dossiers.Count,
            dossiers = dossiers.OrderBy(d => d.Reference).Select(d => new { reference = d.Reference, title = titles ? d.Title : "" }).ToList(),
            deadline = CallClock.Format(call.ReviewDeadline, call.TimeZone, language),
        }, $"assigned:{call.Id}:{user.Id}", ct);
    }

    private static Dictionary<string, LocalizableText[]> Field(string name, LocalizableText message) => new() { [name] = [message] };
}
