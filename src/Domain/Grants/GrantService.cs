using CallManager.Domain.Attachments;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Documents;
using CallManager.Domain.Grants.Documents;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Grants;

/// <summary>
/// What administrators and beneficiaries do with grants (API and pages call the same methods): load with the access
/// rule, let <see cref="GrantLifecycle"/> change state, save once, then tell the grant's workflow (stimulus
/// <see cref="ChangedSignal"/>) so that it recomputes its next reminder.
/// </summary>
public sealed partial class GrantService(CallManagerDbContext db, GrantAccess access, GrantLifecycle lifecycle, IWorkflowRuntime runtime,
    IAttachmentStore store, GrantDocuments documents, TimeProvider clock)
{
    /// <summary>The stimulus that wakes a grant's follow-up workflow to recompute its reminders (correlated with the dossier id).</summary>
    public const string ChangedSignal = "GrantChanged";

    /// <summary>Grants visible to <paramref name="actor"/>, filtered by call and status, by reference.</summary>
    public async Task<List<GrantSummary>> ListAsync(GrantFilter filter, Actor actor, CancellationToken ct = default)
    {
        var query = access.Visible(actor).AsNoTracking().Include(g => g.Tranches).Include(g => g.Reports).AsSplitQuery();
        if (filter.CallId is { } callId) query = query.Where(g => g.CallId == callId);
        if (filter.Status is { } status) query = query.Where(g => g.Status == status);
        var now = clock.GetUtcNow();
        return (await query.ToListAsync(ct)).OrderBy(g => g.Reference).Select(g => GrantSummary.From(g, now)).ToList();
    }

    /// <summary>The grants visible to <paramref name="actor"/> in full (tranches, reports), for the boards, by reference.</summary>
    public async Task<List<GrantView>> ListViewsAsync(GrantFilter filter, Actor actor, CancellationToken ct = default)
    {
        var query = access.Visible(actor).AsNoTracking().Include(g => g.Tranches).Include(g => g.Reports).AsSplitQuery();
        if (filter.CallId is { } callId) query = query.Where(g => g.CallId == callId);
        if (filter.Status is { } status) query = query.Where(g => g.Status == status);
        var grants = await query.ToListAsync(ct);
        var callIds = grants.Select(g => g.CallId).Distinct().ToList();
        var calls = await db.Set<Call>().AsNoTracking().Where(c => callIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => new { c.GrantTerms, c.TimeZone }, ct);
        return grants.OrderBy(g => g.Reference)
            .Select(g => GrantView.From(g, calls[g.CallId].GrantTerms, clock.GetUtcNow(), actor.Language) with { TimeZone = calls[g.CallId].TimeZone }).ToList();
    }

    /// <summary>The grant if <paramref name="actor"/> may see it.</summary>
    public async Task<GrantView> GetAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var grant = await access.LoadAsync(id, actor, ct);
        return await ViewAsync(grant, actor, ct);
    }

    /// <summary>Signs the agreement (administrators).</summary>
    public Task<GrantView> SignAsync(Guid id, AgreementInput input, Actor actor, CancellationToken ct = default) =>
        AdministerAsync(id, actor, (grant, call) => lifecycle.SignAsync(grant, call, input, actor, ct), ct);

    /// <summary>
    /// A beneficiary accepts the agreement online. <paramref name="input"/> names the SHA-256 of the document they read, which
    /// must be the stored agreement in their language: a stale page cannot accept a document that is not the one served.
    /// </summary>
    public async Task<GrantView> AcceptAgreementAsync(Guid id, AgreementAcceptanceInput input, Actor actor, CancellationToken ct = default)
    {
        var grant = await access.LoadForBeneficiaryAsync(id, actor, ct);
        if (grant.Status != GrantStatus.AwaitingSignature)
            throw DomainException.Conflict($"The agreement of this grant is already signed (the grant is {grant.Status}).");
        if (input.Accept != true)
            throw DomainException.Invalid("Tick the box saying you have read the agreement and accept it.",
                new Dictionary<string, LocalizableText[]> { ["accept"] = ["Tick the box to accept the agreement."] });
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == grant.CallId, ct);
        var document = await documents.AgreementAsync(grant, call, actor.Language, ct);
        if (!string.Equals(input.Sha256?.Trim(), document.Sha256, StringComparison.OrdinalIgnoreCase))
            throw DomainException.Invalid($"The agreement you accepted (SHA-256 '{input.Sha256}') is not the current document ({document.Sha256}): open it again before accepting.",
                new Dictionary<string, LocalizableText[]> { ["sha256"] = ["Not the current agreement."] });
        await lifecycle.AcceptAgreementAsync(grant, call, document.Sha256, actor, ct);
        await db.SaveChangesAsync(ct);
        await SignalAsync(grant, ct); // report due dates now exist
        return GrantView.From(grant, call.GrantTerms, clock.GetUtcNow(), actor.Language);
    }

    /// <summary>The agreement PDF of a grant in the reader's language (generated once, then the same bytes).</summary>
    public async Task<GeneratedDocument> AgreementDocumentAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var grant = await access.LoadAsync(id, actor, ct);
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == grant.CallId, ct);
        return await documents.AgreementAsync(grant, call, actor.Language, ct);
    }

    /// <summary>Approves a submitted report (administrators).</summary>
    public Task<GrantView> ApproveReportAsync(Guid id, Guid reportId, Actor actor, CancellationToken ct = default) =>
        AdministerAsync(id, actor, (grant, call) => lifecycle.ApproveReportAsync(grant, Report(grant, reportId), call, actor, ct), ct);

    /// <summary>Sends a submitted report back with reasons (administrators).</summary>
    public Task<GrantView> RequestChangesAsync(Guid id, Guid reportId, ChangesInput input, Actor actor, CancellationToken ct = default) =>
        AdministerAsync(id, actor, (grant, call) => lifecycle.RequestChangesAsync(grant, Report(grant, reportId), call, input.Reasons, actor, ct), ct);

    /// <summary>Records a tranche's payment (administrators).</summary>
    public Task<GrantView> RecordPaymentAsync(Guid id, Guid trancheId, PaymentInput input, Actor actor, CancellationToken ct = default) =>
        AdministerAsync(id, actor, (grant, call) =>
        {
            var tranche = grant.Tranches.FirstOrDefault(t => t.Id == trancheId) ?? throw DomainException.NotFound("The tranche");
            return lifecycle.RecordPaymentAsync(grant, tranche, call, input.PaidOn, actor, ct);
        }, ct);

    private async Task<GrantView> AdministerAsync(Guid id, Actor actor, Func<Grant, Call, Task> change, CancellationToken ct)
    {
        var grant = await access.LoadForAdministratorAsync(id, actor, ct);
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == grant.CallId, ct);
        await change(grant, call);
        await db.SaveChangesAsync(ct);
        await SignalAsync(grant, ct); // dates, report statuses or closure may move the next reminder
        return GrantView.From(grant, call.GrantTerms, clock.GetUtcNow(), actor.Language);
    }

    /// <summary>Wakes the grant's workflow so that it recomputes its next reminder (or finishes).</summary>
    private Task SignalAsync(Grant grant, CancellationToken ct) =>
        runtime.StimulateAsync(new Stimulus(ChangedSignal, grant.ApplicationId.ToString(), IdempotencyKey: $"{ChangedSignal}:{grant.Id}:{grant.Version}"), ct);

    private static GrantReport Report(Grant grant, Guid reportId) =>
        grant.Reports.FirstOrDefault(r => r.Id == reportId) ?? throw DomainException.NotFound("The report");

    private async Task<GrantView> ViewAsync(Grant grant, Actor actor, CancellationToken ct)
    {
        var call = await db.Set<Call>().AsNoTracking().Where(c => c.Id == grant.CallId).Select(c => new { c.GrantTerms, c.TimeZone }).FirstAsync(ct);
        return GrantView.From(grant, call.GrantTerms, clock.GetUtcNow(), actor.Language) with { TimeZone = call.TimeZone };
    }
}

/// <summary>A beneficiary's acceptance: the box ticked, and the SHA-256 of the agreement PDF they were shown.</summary>
public sealed record AgreementAcceptanceInput(bool? Accept, string? Sha256);

/// <summary>An administrator's request for changes: what to change, and why.</summary>
public sealed record ChangesInput(string? Reasons);

/// <summary>The day a tranche was paid (call's time zone); today when omitted.</summary>
public sealed record PaymentInput(DateOnly? PaidOn = null);
