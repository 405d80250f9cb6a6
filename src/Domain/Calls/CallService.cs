using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Runtime;
using CallManager.Runtime.Outbox;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Calls;

/// <summary>Administrators' operations on calls; applicants and anonymous visitors only read published calls.</summary>
public sealed class CallService(CallManagerDbContext db, CallLifecycle lifecycle, AuditLog audit, TimeProvider clock,
    WorkflowOutbox workflows, CallTimers timers, IEnumerable<IEligibilityRulesChangedHandler> rulesChanged)
{
    /// <summary>Creates a draft call from <paramref name="input"/>.</summary>
    public async Task<Call> CreateAsync(CallInput input, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var call = new Call { CreatedAt = clock.GetUtcNow() };
        CallValidator.Apply(input, call);
        db.Add(call);
        await audit.AppendAsync(actor, nameof(Call), call.Id, call.Id, "call.created", null, CallView.From(call), ct);
        await db.SaveChangesAsync(ct);
        return call;
    }

    /// <summary>
    /// Replaces the settings of a draft or published call (a closed call is frozen). The timers of the call's workflow that
    /// wait for its dates move with them, earlier or later, in the same transaction (<see cref="CallTimers"/>).
    /// </summary>
    public async Task<Call> UpdateAsync(Guid id, CallInput input, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var call = await FindAsync(id, actor, ct);
        if (call.Status == CallStatus.Closed) throw DomainException.Conflict("This call is closed; copy it to prepare a new one.");
        var frozen = PublishedCallChanges.ChangedFrozenParts(call, input, clock.GetUtcNow());
        if (frozen.Contains(PublishedCallChanges.EligibilityRules))
            throw DomainException.Conflict($"The eligibility rules are frozen since the submission deadline ({CallClock.Format(call.SubmissionDeadline, call.TimeZone, actor.Language)}): " +
                $"the dossiers were submitted and judged against them. Record a derogation on a dossier instead.");
        if (frozen.Count > 0)
            throw DomainException.Conflict($"This call is published, so these parts can no longer change: {string.Join(", ", frozen)}. " +
                $"Applicants already work against them; copy the call to prepare a different one.");
        var before = CallView.From(call);
        var rulesBefore = System.Text.Json.JsonSerializer.Serialize(call.EligibilityRules, JsonColumn.Options);
        CallValidator.Apply(input, call);
        await audit.AppendAsync(actor, nameof(Call), call.Id, call.Id, "call.updated", before, CallView.From(call), ct);
        if (call.Status != CallStatus.Draft && rulesBefore != System.Text.Json.JsonSerializer.Serialize(call.EligibilityRules, JsonColumn.Options))
            foreach (var handler in rulesChanged) await handler.OnRulesChangedAsync(call, actor, ct);
        if (call.Status != CallStatus.Draft) await timers.MoveAsync(call, ct);
        await db.SaveChangesAsync(ct);
        await timers.RescheduleAsync(ct);
        return call;
    }

    /// <summary>The call, if <paramref name="actor"/> may see it (drafts are for administrators only); otherwise NotFound.</summary>
    public async Task<Call> FindAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var call = await db.Set<Call>().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (call is null || (call.Status == CallStatus.Draft && !actor.IsAdministrator)) throw DomainException.NotFound("The call");
        return call;
    }

    /// <summary>Calls visible to <paramref name="actor"/>, newest deadline first.</summary>
    public async Task<List<Call>> ListAsync(Actor actor, CancellationToken ct = default)
    {
        var query = db.Set<Call>().AsNoTracking();
        if (!actor.IsAdministrator) query = query.Where(c => c.Status != CallStatus.Draft);
        return (await query.ToListAsync(ct)).OrderByDescending(c => c.SubmissionDeadline).ToList();
    }

    /// <summary>
    /// Publishes a draft: applicants can then create dossiers (from <see cref="Call.OpensAt"/>); the start of the call's workflow
    /// (phases, reminders, closing timers; once per call) is recorded in the same transaction and delivered after it.
    /// </summary>
    public async Task<Call> PublishAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var call = await FindAsync(id, actor, ct);
        if (call.SubmissionDeadline <= clock.GetUtcNow())
            throw DomainException.Invalid("The submission deadline is already past; move it before publishing.");
        await lifecycle.TransitionAsync(call, CallStatus.Published, actor, ct);
        workflows.Start(call.CallWorkflowId, call.Id.ToString());
        await db.SaveChangesAsync(ct);
        await workflows.DeliverAsync(ct);
        return call;
    }

    /// <summary>Closes a published call; the CallClosed stimulus is recorded in the same transaction and delivered after it.</summary>
    public async Task<Call> CloseAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var call = await FindAsync(id, actor, ct);
        await lifecycle.TransitionAsync(call, CallStatus.Closed, actor, ct);
        workflows.Stimulate(new Stimulus("CallClosed", call.Id.ToString(), IdempotencyKey: $"call-closed:{call.Id}"));
        await db.SaveChangesAsync(ct);
        await workflows.DeliverAsync(ct);
        return call;
    }

    /// <summary>Copies a call's settings into a new draft (same dates, to be edited).</summary>
    public async Task<Call> CopyAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var source = await FindAsync(id, actor, ct);
        var copy = new Call
        {
            Code = source.Code + "-copy", TitleFr = source.TitleFr + " (copie)", TitleEn = source.TitleEn + " (copy)",
            DescriptionFr = source.DescriptionFr, DescriptionEn = source.DescriptionEn, TimeZone = source.TimeZone,
            Budget = source.Budget, MaxGrant = source.MaxGrant, OpensAt = source.OpensAt, SubmissionDeadline = source.SubmissionDeadline,
            ReviewDeadline = source.ReviewDeadline, DeliberationAt = source.DeliberationAt, ResultsAt = source.ResultsAt,
            ComplaintWindowDays = source.ComplaintWindowDays, Criteria = [.. source.Criteria], Threshold = source.Threshold,
            TieBreakOrder = [.. source.TieBreakOrder], EligibilityRules = [.. source.EligibilityRules],
            Form = System.Text.Json.JsonSerializer.Deserialize<ApplicationForm>(System.Text.Json.JsonSerializer.Serialize(source.Form, JsonColumn.Options), JsonColumn.Options)!,
            CallWorkflowId = source.CallWorkflowId, ApplicationWorkflowId = source.ApplicationWorkflowId,
            GraceMinutes = source.GraceMinutes, Review = source.Review, GrantTerms = source.GrantTerms, CopiedFromId = source.Id, CreatedAt = clock.GetUtcNow(),
        };
        db.Add(copy);
        await audit.AppendAsync(actor, nameof(Call), copy.Id, copy.Id, "call.copied", new { from = source.Id }, CallView.From(copy), ct);
        await db.SaveChangesAsync(ct);
        return copy;
    }

    /// <summary>Grants one organisation an individual extension of the submission deadline, with a reason (audited).</summary>
    public async Task<LateException> GrantLateExceptionAsync(Guid callId, LateExceptionInput input, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var call = await FindAsync(callId, actor, ct);
        if (string.IsNullOrWhiteSpace(input.Reason)) throw DomainException.Invalid("Give the reason for the exception: it is kept in the audit log.");
        if (!await db.Set<Organisation>().AnyAsync(o => o.Id == input.OrganisationId, ct)) throw DomainException.NotFound("The organisation");
        var until = CallClock.ToInstant(input.Until, CallClock.Zone(call.TimeZone), "until");
        if (until <= call.SubmissionDeadline) throw DomainException.Invalid("The exception must end after the submission deadline.");
        var exception = new LateException
        {
            CallId = call.Id, OrganisationId = input.OrganisationId, Until = until, Reason = input.Reason.Trim(),
            GrantedBy = actor.UserId, GrantedAt = clock.GetUtcNow(),
        };
        db.Add(exception);
        await audit.AppendAsync(actor, nameof(LateException), exception.Id, call.Id, "call.late-exception", null,
            new { exception.OrganisationId, exception.Until, exception.Reason }, ct);
        await db.SaveChangesAsync(ct);
        return exception;
    }

    /// <summary>The last instant <paramref name="organisationId"/> may submit or withdraw: deadline + grace, or a later individual exception.</summary>
    public async Task<DateTimeOffset> LastAcceptedInstantAsync(Call call, Guid organisationId, CancellationToken ct = default)
    {
        var limit = call.SubmissionDeadline.AddMinutes(call.GraceMinutes);
        var exceptions = await db.Set<LateException>().AsNoTracking()
            .Where(e => e.CallId == call.Id && e.OrganisationId == organisationId).Select(e => e.Until).ToListAsync(ct);
        return exceptions.Append(limit).Max();
    }

    private static void RequireAdministrator(Actor actor)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators manage calls.");
    }
}
