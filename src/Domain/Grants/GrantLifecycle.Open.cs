using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Grants;

public sealed partial class GrantLifecycle
{
    /// <summary>
    /// Opens the grant of a selected dossier with the call's current tranches and reports (idempotent: the dossier's live
    /// grant is returned; a cancelled one stays as history and a new grant is opened beside it — the unique index on the
    /// live grants refuses a second one opened concurrently). Side effect: audit "grant.opened". Refuses a dossier that is
    /// not Selected or an amount that is not positive or above the call's maximum.
    /// </summary>
    public async Task<Grant> OpenAsync(GrantOpening opening, Actor actor, CancellationToken ct = default)
    {
        var existing = db.ChangeTracker.Entries<Grant>().Select(e => e.Entity).FirstOrDefault(g => g.ApplicationId == opening.ApplicationId && g.IsLive())
            ?? await db.Set<Grant>().Include(g => g.Tranches).Include(g => g.Reports).AsSplitQuery().LiveAsync(opening.ApplicationId, ct);
        if (existing?.IsLive() == true) return existing; // a tracked copy may have been cancelled in this unit of work
        var application = await db.Set<Application>().FirstOrDefaultAsync(a => a.Id == opening.ApplicationId, ct)
            ?? throw DomainException.NotFound($"The dossier {opening.ApplicationId}");
        var call = await db.Set<Call>().FirstAsync(c => c.Id == application.CallId, ct);
        if (opening.CallId is { } callId && callId != call.Id)
            throw DomainException.Invalid($"The dossier {application.Reference} belongs to call {call.Code}, not to call {callId}.");
        if (application.Status != ApplicationStatus.Selected)
            throw DomainException.Conflict($"The dossier {application.Reference} is {application.Status}; only a selected dossier becomes a grant.");
        if (opening.Amount <= 0 || decimal.Round(opening.Amount, 2) != opening.Amount)
            throw DomainException.Invalid($"The granted amount {opening.Amount} must be a positive number of euros with at most two decimals.");
        if (call.MaxGrant > 0 && opening.Amount > call.MaxGrant)
            throw DomainException.Invalid($"The granted amount {opening.Amount} exceeds the call's maximum of {call.MaxGrant}.");
        var now = clock.GetUtcNow();
        var grant = new Grant
        {
            ApplicationId = application.Id, CallId = call.Id, LeadOrganisationId = application.LeadOrganisationId,
            Reference = application.Reference, Title = application.Title, Amount = opening.Amount, OpenedAt = now, UpdatedAt = now,
        };
        grant.Tranches = GrantSchedule.Tranches(grant.Id, grant.Amount, call.GrantTerms);
        grant.Reports = GrantSchedule.Reports(grant.Id, call.GrantTerms);
        db.Add(grant);
        await audit.AppendAsync(actor, nameof(Grant), grant.Id, call.Id, "grant.opened", null,
            new { application = application.Id, grant.Amount, tranches = grant.Tranches.Select(t => new { t.Key, t.Amount }) }, ct);
        return grant;
    }
}

/// <summary>The selection stage's "DossierSelected" payload: which dossier, on which call, for how much.</summary>
public sealed record GrantOpening(Guid ApplicationId, Guid? CallId, decimal Amount);
