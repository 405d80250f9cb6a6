using System.Text.Json.Nodes;
using CallManager.Domain.Calls;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection.Calibration;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Ranking;

/// <summary>
/// Reads a call's ranking inputs from the database: dossiers under review or decided (Admissible, Selected, Reserve,
/// Rejected), their submitted reviews minus conflicted reviewers (<see cref="ConflictRules"/>), reviewers pseudonymised.
/// </summary>
public sealed class SnapshotBuilder(CallManagerDbContext db, EligibilityService eligibility)
{
    /// <summary>Statuses of the dossiers a ranking covers.</summary>
    public static readonly ApplicationStatus[] Ranked =
        [ApplicationStatus.Admissible, ApplicationStatus.Selected, ApplicationStatus.Reserve, ApplicationStatus.Rejected];

    public async Task<SnapshotContent> BuildAsync(Call call, RankingBasis basis, CancellationToken ct)
    {
        var dossiers = await db.Set<Application>().AsNoTracking().Where(a => a.CallId == call.Id && Ranked.Contains(a.Status))
            .Join(db.Set<Organisation>(), a => a.LeadOrganisationId, o => o.Id, (a, o) => new { a, o.Region, o.LegalForm }).ToListAsync(ct);
        var conflicted = (await ConflictRules.ConflictedPairs(db, call.Id).ToListAsync(ct)).ToHashSet();
        var reviews = (await db.Set<Review>().AsNoTracking().Where(r => r.CallId == call.Id && r.Status == ReviewStatus.Submitted).ToListAsync(ct))
            .Where(r => !conflicted.Contains(new ConflictedPair(r.ApplicationId, r.ReviewerId))).ToList();
        var pseudonyms = reviews.Select(r => r.ReviewerId).Distinct().Order(StringComparer.Ordinal)
            .Select((id, i) => (id, i)).ToDictionary(x => x.id, x => $"R{x.i + 1}");
        var byDossier = reviews.ToLookup(r => r.ApplicationId);
        var ineligible = await eligibility.UnclearedForCallAsync(call, ct);
        var derogations = (await eligibility.DerogationsForCallAsync(call.Id, ct)).ToLookup(d => d.ApplicationId);
        var criteria = call.Criteria.Select(c => new SnapshotCriterion(c.Key, c.LabelFr, c.LabelEn, c.Weight, c.ScaleMax, c.PassMark)).ToList();
        return new SnapshotContent(call.Id, call.Code, basis, criteria, call.TieBreakOrder.ToList(), call.Threshold, call.Review.DisagreementThreshold,
            call.Budget, call.MaxGrant, dossiers.OrderBy(d => d.a.Reference, StringComparer.Ordinal).Select(d => new SnapshotApplication(
                d.a.Id, d.a.Reference, d.a.Title, d.a.RequestedAmount ?? 0, d.a.LeadOrganisationId, d.Region, d.LegalForm, Theme(d.a.Answers),
                byDossier[d.a.Id].Select(r => Review(r, pseudonyms[r.ReviewerId], criteria)).OrderBy(r => int.Parse(r.Reviewer[1..])).ToList(),
                ineligible.GetValueOrDefault(d.a.Id),
                derogations[d.a.Id].Select(x => new SnapshotDerogation(x.Rule, x.Reason)).ToList() is { Count: > 0 } held ? held : null)).ToList());
    }

    private static SnapshotReview Review(Review review, string pseudonym, List<SnapshotCriterion> criteria) =>
        new(pseudonym, review.Confidence ?? 2, criteria.Select(c => new SnapshotScore(c.Key, review.Scores.FirstOrDefault(s => s.Key == c.Key)?.Score)).ToList());

    private static string Theme(JsonObject answers) =>
        answers["themes"] is JsonArray { Count: > 0 } themes && themes[0] is JsonValue v && v.TryGetValue<string>(out var theme) ? theme : "";
}
