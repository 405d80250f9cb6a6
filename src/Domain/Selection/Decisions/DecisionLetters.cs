using System.Globalization;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection.Deliberation;
using CallManager.Domain.Selection.Ranking;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Decisions;

/// <summary>What a letter tells of the evaluation: mean per criterion (the decision's ranking snapshot), consensus comment, reviewers' comments without names.</summary>
public sealed record EvaluationSummary(IReadOnlyList<CriterionMean> Means, string? Consensus, IReadOnlyList<ReviewerComment> Comments);

/// <summary>A reviewer's comment, on a criterion (key) or overall (null key); the reviewer is never named.</summary>
public sealed record ReviewerComment(string? CriterionKey, string Text);

/// <summary>The decision letters (templates <c>decision-selected|reserve|rejected|promoted</c>, fr and en) sent to the lead organisation's members.</summary>
public sealed class DecisionLetters(CallManagerDbContext db, SubmissionMails mails, RankingService rankings, Notifications.MailTemplates templates)
{
    public const string Promoted = "decision-promoted";

    /// <summary>The template of a decision's letter.</summary>
    public static string Template(DecisionOutcome outcome) => "decision-" + outcome.ToString().ToLowerInvariant();

    /// <summary>
    /// The evaluation summary a decision's letter carries: means from the ranking snapshot recorded on the decision
    /// (<see cref="Decision.RankingSnapshotId"/>, so a snapshot frozen later never changes it), consensus and reviewers' comments.
    /// </summary>
    public async Task<EvaluationSummary?> SummaryAsync(Call call, Decision decision, CancellationToken ct) =>
        (await SummariesAsync(call, [decision], ct)).GetValueOrDefault(decision.ApplicationId);

    /// <summary>
    /// The evaluation summaries of <paramref name="decisions"/>' letters by dossier, each from its decision's ranking snapshot
    /// (the latest, frozen when none, for a decision not linked to one yet), with the submitted, non-conflicted reviews.
    /// </summary>
    public async Task<Dictionary<Guid, EvaluationSummary>> SummariesAsync(Call call, IReadOnlyCollection<Decision> decisions, CancellationToken ct)
    {
        var ids = decisions.Select(d => d.ApplicationId).ToList();
        var consensus = await db.Set<ConsensusComment>().AsNoTracking().Where(c => c.CallId == call.Id && ids.Contains(c.ApplicationId))
            .ToDictionaryAsync(c => c.ApplicationId, c => c.Text, ct);
        var conflicted = (await ConflictRules.ConflictedPairs(db, call.Id).ToListAsync(ct)).ToHashSet();
        var reviews = (await db.Set<Review>().AsNoTracking()
                .Where(r => r.CallId == call.Id && r.Status == ReviewStatus.Submitted && ids.Contains(r.ApplicationId)).ToListAsync(ct))
            .Where(r => !conflicted.Contains(new ConflictedPair(r.ApplicationId, r.ReviewerId)))
            .OrderBy(r => r.ReviewerId, StringComparer.Ordinal).ToLookup(r => r.ApplicationId);
        var summaries = new Dictionary<Guid, EvaluationSummary>();
        foreach (var group in decisions.GroupBy(d => d.RankingSnapshotId))
        {
            var ranking = (group.Key is { } id ? await rankings.SnapshotAsync(call.Id, id, ct) : await rankings.CurrentAsync(call.Id, ct)).Ranking;
            var wanted = group.Select(d => d.ApplicationId).ToHashSet();
            foreach (var d in ranking.Dossiers.Where(d => wanted.Contains(d.ApplicationId)))
                summaries[d.ApplicationId] = new EvaluationSummary(d.Means, consensus.GetValueOrDefault(d.ApplicationId), reviews[d.ApplicationId].SelectMany(Comments).ToList());
        }
        return summaries;
    }

    private static IEnumerable<ReviewerComment> Comments(Review review) =>
        review.Scores.Where(s => !string.IsNullOrWhiteSpace(s.Comment)).Select(s => new ReviewerComment(s.Key, s.Comment!.Trim()))
            .Concat(string.IsNullOrWhiteSpace(review.OverallComment) ? [] : [new ReviewerComment(null, review.OverallComment.Trim())]);

    /// <summary>Enqueues the decision letter of <paramref name="application"/> (one per member of the lead organisation); returns 1.</summary>
    public async Task<int> SendAsync(Call call, Application application, Decision decision, EvaluationSummary? summary, CancellationToken ct, string? template = null)
    {
        await mails.ToOrganisationAsync(application.LeadOrganisationId, template ?? Template(decision.Outcome),
            language => Model(call, application, decision, summary, language), application.Id.ToString(), ct);
        return 1;
    }

    /// <summary>The letter of <paramref name="decision"/> in <paramref name="language"/>, rendered from the template exactly as the mail will be.</summary>
    public Task<Notifications.RenderedTemplate> RenderAsync(Call call, Application application, Decision decision, EvaluationSummary? summary, string language) =>
        templates.RenderAsync(Template(decision.Outcome), language, Model(call, application, decision, summary, language));

    /// <summary>The letters publishing <paramref name="pending"/> would send, one row per recipient.</summary>
    public async Task<IReadOnlyList<LetterPreview>> PreviewAsync(List<(Decision Decision, Application Application)> pending, CancellationToken ct)
    {
        var organisations = pending.Select(p => p.Application.LeadOrganisationId).Distinct().ToList();
        var members = await db.Set<OrganisationMember>().AsNoTracking().Where(m => organisations.Contains(m.OrganisationId))
            .Join(db.Set<AppUser>(), m => m.UserId, u => u.Id, (m, u) => new { m.OrganisationId, u.Email, u.PreferredLanguage }).ToListAsync(ct);
        return pending.OrderBy(p => p.Application.Reference, StringComparer.Ordinal)
            .SelectMany(p => members.Where(m => m.OrganisationId == p.Application.LeadOrganisationId).OrderBy(m => m.Email, StringComparer.Ordinal)
                .Select(m => new LetterPreview(p.Application.Reference, Template(p.Decision.Outcome), m.Email ?? "", m.PreferredLanguage)))
            .ToList();
    }

    /// <summary>The model the letter templates read (also rendered again for the applicant's letter page).</summary>
    internal static object Model(Call call, Application application, Decision decision, EvaluationSummary? summary, string language)
    {
        var criteria = call.Criteria.ToDictionary(c => c.Key);
        string Label(string key) => criteria.TryGetValue(key, out var c) ? (language == "en" ? c.LabelEn : c.LabelFr) : key;
        var culture = CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "fr-FR");
        return new
        {
            call = call.Title(language), reference = application.Reference, title = application.Title,
            amount = decision.GrantedAmount is { } a ? a.ToString("N2", culture) + " €" : null,
            reserveRank = decision.ReserveRank, reason = decision.Reason,
            complaintsUntil = decision.ComplaintsUntil is { } until ? CallClock.Format(until, call.TimeZone, language) : null,
            scores = (summary?.Means ?? []).Select(m => new { label = Label(m.Key), mean = m.Mean?.ToString("0.00", culture) ?? "—", scaleMax = m.ScaleMax }).ToList(),
            consensus = summary?.Consensus,
            comments = (summary?.Comments ?? []).Select(c => new { criterion = c.CriterionKey is null ? null : Label(c.CriterionKey), text = c.Text }).ToList(),
        };
    }
}
