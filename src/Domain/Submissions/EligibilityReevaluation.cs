using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Submissions;

/// <summary>When a published call's eligibility rules change, every submitted dossier is judged again against them (audited per call).</summary>
public sealed class EligibilityReevaluation(CallManagerDbContext db, EligibilityService eligibility, AuditLog audit) : IEligibilityRulesChangedHandler
{
    public async Task OnRulesChangedAsync(Call call, Actor actor, CancellationToken ct)
    {
        var dossiers = await db.Set<Application>().Include(a => a.Partners).Include(a => a.Attachments)
            .Where(a => a.CallId == call.Id && a.Status != ApplicationStatus.Draft && a.Status != ApplicationStatus.Withdrawn).ToListAsync(ct);
        var changed = new List<object>();
        foreach (var application in dossiers.OrderBy(a => a.Reference, StringComparer.Ordinal))
        {
            var before = application.FailedRules.ToList();
            await eligibility.RecordAsync(call, application, ct);
            if (!before.SequenceEqual(application.FailedRules)) changed.Add(new { application.Reference, before, after = application.FailedRules });
        }
        await audit.AppendAsync(actor, nameof(Call), call.Id, call.Id, "eligibility.reevaluated", null, new { dossiers = dossiers.Count, changed }, ct);
    }
}
