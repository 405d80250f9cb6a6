using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Reviews.Assignment;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Reviews;

public sealed partial class AssignmentService
{
    /// <summary>
    /// Assigns k non-conflicted jury members to every admissible dossier within their load caps, matching themes.
    /// Members who have not confirmed their declaration yet are assigned too (and listed: the dossiers stay hidden from them until they confirm). Manual assignments and started reviews are kept (and count); untouched automatic drafts are recomputed. Side effects:
    /// review rows, audit entry, one mail per reviewer listing their new dossiers, saved together.
    /// </summary>
    public async Task<AutoAssignResult> AutoAssignAsync(Guid callId, AutoAssignInput input, Actor actor, CancellationToken ct = default)
    {
        JuryService.EnsureAdministrator(actor);
        var call = await calls.FindAsync(callId, actor, ct);
        var (k, max, solver, assigner) = Parameters(call, input);
        var dossiers = await db.Set<Application>().AsNoTracking().Where(a => a.CallId == callId && a.Status == ApplicationStatus.Admissible).ToListAsync(ct);
        dossiers = dossiers.OrderBy(d => d.Reference).ToList();
        var members = await db.Set<JuryMember>().AsNoTracking().Where(j => j.CallId == callId).ToListAsync(ct);
        var users = await db.Set<AppUser>().Where(u => db.Set<JuryMember>().Any(j => j.CallId == callId && j.UserId == u.Id)).ToDictionaryAsync(u => u.Id, ct);
        var jury = members.OrderBy(m => users[m.UserId].Email).ToList();
        var existing = await db.Set<Review>().Where(r => r.CallId == callId).ToListAsync(ct);
        var replaced = existing.Where(r => !r.ManuallyAssigned && r.Status == ReviewStatus.Draft && r.UpdatedAt == null).ToList();
        db.RemoveRange(replaced);
        var kept = existing.Except(replaced).ToList();
        var conflicts = (await ConflictRules.ConflictedPairs(db, callId).ToListAsync(ct)).ToHashSet();

        var plan = new AssignmentPlan(dossiers, jury, kept, conflicts, k, m => MaxLoad(m, max));
        if (plan.HasOpenSlots && jury.Count > 0)
        {
            var result = assigner.Assign(plan.Problem(Themes), new AssignmentOptions { CompareWithBaseline = false, KeepConnected = false });
            plan.Accept(result, Readable(result.Report.Infeasibilities, dossiers, users));
        }

        var created = plan.Added.Select(p => NewReview(callId, p.ApplicationId, p.UserId, manual: false, actor)).ToList();
        db.AddRange(created);
        foreach (var reviewer in created.GroupBy(r => r.ReviewerId).OrderBy(g => users[g.Key].Email))
            await SendAssignedMailAsync(call, users[reviewer.Key], dossiers.Where(d => reviewer.Any(r => r.ApplicationId == d.Id)).ToList(), ct);
        var unfilled = plan.Unfilled().Select(u => new UnfilledSlot(u.Dossier.Id, u.Dossier.Reference, u.Missing, u.Reason)).ToList();
        await audit.AppendAsync(actor, nameof(Review), callId, callId, "reviews.auto-assigned", null,
            new { solver, k, max, created = created.Count, kept = kept.Count, replaced = replaced.Count, unfilled = unfilled.Sum(u => u.Missing) }, ct);
        await db.SaveChangesAsync(ct);
        var loads = jury.Select(m => new ReviewerLoad(m.UserId, users[m.UserId].Email!, plan.Load(m.UserId), MaxLoad(m, max), plan.AddedTo(m.UserId))).ToList();
        var unconfirmed = members.Where(m => m.ConflictsConfirmedAt is null).Select(m => users[m.UserId].Email!).Order().ToList();
        return new AutoAssignResult(solver, k, max, dossiers.Count, created.Count, kept.Count, replaced.Count, unfilled, loads, plan.Reasons, unconfirmed);
    }

    private static (int K, int Max, string Solver, IReviewerAssigner Assigner) Parameters(Call call, AutoAssignInput input)
    {
        var k = input.ReviewersPerDossier ?? call.Review.ReviewersPerDossier;
        if (k is < 1 or > 20) throw DomainException.Invalid("reviewersPerDossier must be between 1 and 20.", Field("reviewersPerDossier", "Between 1 and 20."));
        var max = input.MaxPerReviewer ?? call.Review.MaxLoadPerReviewer;
        if (max is < 1 or > 1000) throw DomainException.Invalid("maxPerReviewer must be between 1 and 1000.", Field("maxPerReviewer", "Between 1 and 1000."));
        return input.Solver switch
        {
            null or "balanced" => (k, max, "balanced", new BalancedAssigner()),
            "optimal" => (k, max, "optimal", new MinCostFlowAssigner()),
            _ => throw DomainException.Invalid($"Unknown solver '{input.Solver}': use \"balanced\" (default) or \"optimal\".", Field("solver", "balanced or optimal.")),
        };
    }

    /// <summary>The dossier's themes: the answer to the form's "themes" (multiple choice) or "theme" field.</summary>
    internal static IReadOnlyList<string> Themes(Application dossier) =>
        (dossier.Answers["themes"] ?? dossier.Answers["theme"]) switch
        {
            JsonArray array => array.Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList(),
            JsonValue value when value.TryGetValue<string>(out var single) => [single],
            _ => [],
        };

    /// <summary>The solver's sentences with dossier and reviewer ids (values of the texts) replaced by references and e-mail addresses.</summary>
    private static IEnumerable<LocalizableText> Readable(IEnumerable<LocalizableText> reasons, List<Application> dossiers, Dictionary<string, AppUser> users)
    {
        var references = dossiers.ToDictionary(d => d.Id.ToString(), d => d.Reference);
        return reasons.Select(reason => reason.WithValues(value => value is string id
            ? references.TryGetValue(id, out var reference) ? reference : users.TryGetValue(id, out var user) ? user.Email : id
            : value));
    }
}
