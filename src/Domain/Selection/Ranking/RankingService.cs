using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection.Calibration;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Ranking;

/// <summary>A snapshot's identity beside the ranking computed from it.</summary>
public sealed record RankingView(Guid SnapshotId, int Number, string Sha256, RankingBasis Basis, string CreatedBy, DateTimeOffset CreatedAt, RankingResult Ranking);

/// <summary>
/// Freezes ranking snapshots and shows rankings. Administrators always; reviewers sitting on the call's jury only from
/// <see cref="Call.DeliberationAt"/>, without the dossiers they are conflicted with; applicants never.
/// </summary>
public sealed class RankingService(CallManagerDbContext db, SnapshotBuilder builder, TimeProvider clock)
{
    /// <summary>Freezes the current submitted reviews of the call on <paramref name="basis"/> (administrators only).</summary>
    public async Task<RankingView> FreezeAsync(Guid callId, RankingBasis basis, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators freeze a ranking snapshot.");
        var snapshot = await FreezeCoreAsync(callId, basis, actor, ct);
        return View(snapshot);
    }

    /// <summary>The latest snapshot's ranking; when the call has none yet, one is frozen on the raw basis.</summary>
    public async Task<RankingView> LatestAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        await EnsureMayReadAsync(callId, actor, ct);
        var snapshot = await LatestSnapshotAsync(callId, ct) ?? await FreezeCoreAsync(callId, RankingBasis.Raw, actor, ct);
        return await ForActorAsync(View(snapshot), callId, actor, ct);
    }

    /// <summary>The ranking of one snapshot of the call.</summary>
    public async Task<RankingView> GetAsync(Guid callId, Guid snapshotId, Actor actor, CancellationToken ct = default)
    {
        await EnsureMayReadAsync(callId, actor, ct);
        var snapshot = await db.Set<RankingSnapshot>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == snapshotId && s.CallId == callId, ct)
            ?? throw DomainException.NotFound("The ranking snapshot");
        return await ForActorAsync(View(snapshot), callId, actor, ct);
    }

    /// <summary>The latest ranking for the selection stage's own use (frozen by the system when none exists).</summary>
    internal async Task<RankingView> CurrentAsync(Guid callId, CancellationToken ct)
    {
        var snapshot = await LatestSnapshotAsync(callId, ct) ?? await FreezeCoreAsync(callId, RankingBasis.Raw, Actor.System, ct);
        return View(snapshot);
    }

    /// <summary>The ranking of one snapshot of the call, for the selection stage's own use (no reader checks).</summary>
    internal async Task<RankingView> SnapshotAsync(Guid callId, Guid snapshotId, CancellationToken ct) =>
        View(await db.Set<RankingSnapshot>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == snapshotId && s.CallId == callId, ct)
            ?? throw DomainException.NotFound("The ranking snapshot"));

    private Task<RankingSnapshot?> LatestSnapshotAsync(Guid callId, CancellationToken ct) =>
        db.Set<RankingSnapshot>().AsNoTracking().Where(s => s.CallId == callId).OrderByDescending(s => s.Number).FirstOrDefaultAsync(ct);

    private async Task<RankingSnapshot> FreezeCoreAsync(Guid callId, RankingBasis basis, Actor actor, CancellationToken ct)
    {
        var call = await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct) ?? throw DomainException.NotFound("The call");
        var json = CanonicalJson.Serialize(await builder.BuildAsync(call, basis, ct));
        return await CallNumbering.RunAsync(db, callId, async token =>
        {
            var number = await db.Set<RankingSnapshot>().Where(s => s.CallId == callId).Select(s => (int?)s.Number).MaxAsync(token) ?? 0;
            var snapshot = new RankingSnapshot
            {
                CallId = callId, Number = number + 1, Basis = basis, ContentJson = json, Sha256 = CanonicalJson.Sha256(json),
                CreatedBy = actor.UserId, CreatedAt = clock.GetUtcNow(),
            };
            db.Add(snapshot);
            await db.SaveChangesAsync(token);
            return snapshot;
        }, ct);
    }

    /// <summary>The ranking is always computed from the stored JSON, so a fresh snapshot and a reloaded one give the same bytes.</summary>
    private static RankingView View(RankingSnapshot s) =>
        new(s.Id, s.Number, s.Sha256, s.Basis, s.CreatedBy, s.CreatedAt, RankingCalculator.Compute(s.Content()));

    private async Task EnsureMayReadAsync(Guid callId, Actor actor, CancellationToken ct)
    {
        var call = await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct) ?? throw DomainException.NotFound("The call");
        if (actor.IsAdministrator) return;
        if (!actor.IsReviewer || !await db.Set<JuryMember>().AnyAsync(j => j.CallId == callId && j.UserId == actor.UserId, ct))
            throw DomainException.Forbidden("Only administrators and the call's reviewers see its ranking.");
        if (clock.GetUtcNow() < call.DeliberationAt)
            throw DomainException.Forbidden($"Reviewers see the ranking once deliberation opens, on {CallClock.Format(call.DeliberationAt, call.TimeZone, actor.Language)}.");
    }

    private async Task<RankingView> ForActorAsync(RankingView view, Guid callId, Actor actor, CancellationToken ct)
    {
        if (actor.IsAdministrator) return view;
        var hidden = (await ConflictRules.ConflictedPairs(db, callId).ToListAsync(ct)).Where(p => p.UserId == actor.UserId).Select(p => p.ApplicationId).ToHashSet();
        return view with { Ranking = view.Ranking with { Dossiers = view.Ranking.Dossiers.Where(d => !hidden.Contains(d.ApplicationId)).ToList() } };
    }
}
