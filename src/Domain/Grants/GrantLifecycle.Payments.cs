using CallManager.Domain.Calls;
using CallManager.Domain.Common;

namespace CallManager.Domain.Grants;

public sealed partial class GrantLifecycle
{
    /// <summary>
    /// Records that a payable tranche was paid on <paramref name="paidOn"/> (default today in the call's time zone; never in
    /// the future nor before it became payable). Side effects: audit "grant.tranche-paid", mail grant-payment, closure when complete.
    /// </summary>
    public async Task RecordPaymentAsync(Grant grant, GrantTranche tranche, Call call, DateOnly? paidOn, Actor actor, CancellationToken ct = default)
    {
        if (!Grant.AcceptsPayments(grant.Status))
            throw DomainException.Conflict($"This grant is {grant.Status}: payments are recorded on active grants only.");
        if (tranche.PaidOn is not null)
            throw DomainException.Conflict($"The {tranche.Key} tranche was already paid on {tranche.PaidOn:yyyy-MM-dd}.");
        if (tranche.PayableSince is not { } payableSince)
            throw DomainException.Conflict($"The {tranche.Key} tranche is not payable yet: it waits for the approval of the {tranche.AfterReport} report.");
        var zone = CallClock.Zone(call.TimeZone);
        var now = clock.GetUtcNow();
        var day = paidOn ?? GrantSchedule.Today(now, zone);
        var today = GrantSchedule.Today(now, zone);
        var since = GrantSchedule.Today(payableSince, zone);
        if (day > today)
            throw DomainException.Invalid($"The payment date {day:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd} in {call.TimeZone}).",
                new Dictionary<string, LocalizableText[]> { ["paidOn"] = ["In the future."] });
        if (day < since)
            throw DomainException.Invalid($"The payment date {day:yyyy-MM-dd} is before the tranche became payable ({since:yyyy-MM-dd}).",
                new Dictionary<string, LocalizableText[]> { ["paidOn"] = ["Before the tranche became payable."] });
        tranche.PaidOn = day;
        tranche.PaidRecordedAt = now;
        tranche.RecordedBy = actor.UserId;
        Touch(grant);
        await audit.AppendAsync(actor, nameof(GrantTranche), tranche.Id, grant.CallId, "grant.tranche-paid", new { grant = grant.Id, tranche = tranche.Key },
            new { grant = grant.Id, tranche = tranche.Key, tranche.Amount, paidOn = day }, ct);
        await mails.SendAsync(grant, call, GrantMails.Payment, language => new
        {
            tranche = tranche.Key, amount = GrantMails.Money(tranche.Amount, language), paidOn = GrantMails.Date(day, language),
        }, ct);
        await CloseIfCompleteAsync(grant, call, actor, ct);
    }
}
