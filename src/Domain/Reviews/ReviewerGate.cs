using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Reviews;

/// <summary>The reviewer's gate to a call: on its jury, with a confirmed declaration of conflicts, before anything of the call is shown.</summary>
public static class ReviewerGate
{
    /// <summary>The jury membership of <paramref name="userId"/> on the call; Forbidden when they are not on its jury.</summary>
    public static async Task<JuryMember> MemberAsync(CallManagerDbContext db, Guid callId, string userId, CancellationToken ct = default) =>
        await db.Set<JuryMember>().FirstOrDefaultAsync(j => j.CallId == callId && j.UserId == userId, ct)
        ?? throw DomainException.Forbidden("You are not on the jury of this call: an administrator must invite you first.");

    /// <summary>Forbidden, saying how to confirm, until <paramref name="userId"/> has confirmed their declaration of conflicts for the call.</summary>
    public static async Task<JuryMember> EnsureConfirmedAsync(CallManagerDbContext db, Guid callId, string userId, CancellationToken ct = default)
    {
        var member = await MemberAsync(db, callId, userId, ct);
        if (member.ConflictsConfirmedAt is null) throw NotConfirmed(await CallCodeAsync(db, callId, ct), callId);
        return member;
    }

    /// <summary>Forbidden when <paramref name="userId"/> is assigned to the dossier but has not confirmed the call's declaration; otherwise nothing.</summary>
    public static async Task EnsureConfirmedForDossierAsync(CallManagerDbContext db, Guid applicationId, string userId, CancellationToken ct = default)
    {
        var callId = await db.Set<Review>().Where(r => r.ApplicationId == applicationId && r.ReviewerId == userId).Select(r => (Guid?)r.CallId).FirstOrDefaultAsync(ct);
        if (callId is null) return;
        var confirmed = await db.Set<JuryMember>().AnyAsync(j => j.CallId == callId && j.UserId == userId && j.ConflictsConfirmedAt != null, ct);
        if (!confirmed) throw NotConfirmed(await CallCodeAsync(db, callId.Value, ct), callId.Value);
    }

    private static DomainException NotConfirmed(string code, Guid callId) => DomainException.Forbidden(
        $"Confirm your declaration of conflicts of interest for call {code} first (POST /api/calls/{callId}/conflicts/confirm): " +
        $"until then no dossier of the call is shown to you.");

    private static Task<string> CallCodeAsync(CallManagerDbContext db, Guid callId, CancellationToken ct) =>
        db.Set<Call>().Where(c => c.Id == callId).Select(c => c.Code).FirstAsync(ct);
}
