using CallManager.Domain.Calls;
using CallManager.Domain.Common;

namespace CallManager.Domain.Grants;

public sealed partial class GrantLifecycle
{
    /// <summary>
    /// The beneficiary accepts the agreement online: who, when and the SHA-256 of the document they read are recorded, and
    /// the agreement is signed that day, the project starting the same day (see <see cref="SignAsync"/>). Side effects: audit
    /// "grant.agreement-accepted", then those of <see cref="SignAsync"/> (audit "grant.signed", mail grant-agreement-signed).
    /// </summary>
    public Task AcceptAgreementAsync(Grant grant, Call call, string documentSha256, Actor actor, CancellationToken ct = default) =>
        RecordAcceptanceAsync(grant, call, documentSha256, "grant.agreement-accepted", actor, ct);

    /// <summary>
    /// The beneficiary uploaded the agreement signed by hand: recorded as an acceptance (who, when) with the uploaded PDF's
    /// SHA-256, then signed that day. Side effects: audit "grant.agreement-uploaded", then those of <see cref="SignAsync"/>.
    /// </summary>
    public Task RecordSignedAgreementAsync(Grant grant, Call call, string signedSha256, Actor actor, CancellationToken ct = default) =>
        RecordAcceptanceAsync(grant, call, signedSha256, "grant.agreement-uploaded", actor, ct);

    private async Task RecordAcceptanceAsync(Grant grant, Call call, string documentSha256, string auditAction, Actor actor, CancellationToken ct)
    {
        if (grant.Status != GrantStatus.AwaitingSignature)
            throw DomainException.Conflict($"The agreement of this grant is already signed (the grant is {grant.Status}).");
        var now = clock.GetUtcNow();
        var today = GrantSchedule.Today(now, CallClock.Zone(call.TimeZone));
        grant.AgreementAcceptedBy = actor.UserId;
        grant.AgreementAcceptedByName = actor is { DisplayName: { Length: > 0 } name, Email: { Length: > 0 } email } ? $"{name} <{email}>" : actor.DisplayName ?? actor.Email;
        grant.AgreementAcceptedAt = now;
        grant.AgreementSha256 = documentSha256;
        await audit.AppendAsync(actor, nameof(Grant), grant.Id, grant.CallId, auditAction, null,
            new { sha256 = documentSha256, by = grant.AgreementAcceptedByName }, ct);
        await SignAsync(grant, call, new AgreementInput(today, today), actor, ct);
    }
}
