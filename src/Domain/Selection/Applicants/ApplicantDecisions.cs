using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using CallManager.Domain.Selection.Complaints;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Applicants;

/// <summary>An applicant's view of their dossier's decision: nothing until it is published, then the letter, the summary and the complaint.</summary>
public sealed record ApplicantDecisionView(Guid ApplicationId, string Reference, string Title, string CallTitle, string TimeZone,
    PublishedDecision? Decision, ComplaintView? Complaint, IReadOnlyList<DerogationNote>? Derogations = null);

/// <summary>A derogation the decision rests on, as the applicant reads it: the rule's condition, the reason and when it was granted.</summary>
public sealed record DerogationNote(string Rule, string Condition, string Reason, DateTimeOffset GrantedAt);

/// <summary>
/// A published decision as its letter tells it: the letter's subject and text (the decision template rendered as the mail was),
/// the evaluation summary the letter carries (means per criterion, consensus, unnamed reviewers' comments), and the complaint window.
/// </summary>
public sealed record PublishedDecision(DecisionOutcome Outcome, decimal? GrantedAmount, int? ReserveRank, string? Reason, DateTimeOffset PublishedAt,
    DateTimeOffset? ComplaintsUntil, bool ComplaintWindowOpen, string LetterSubject, string LetterText, IReadOnlyList<SummaryScore> Scores,
    string? Consensus, IReadOnlyList<SummaryComment> Comments);

/// <summary>The mean score on one criterion, labelled in the reader's language.</summary>
public sealed record SummaryScore(string Criterion, decimal? Mean, int ScaleMax);

/// <summary>A reviewer's comment (never named), on a criterion or overall (null criterion).</summary>
public sealed record SummaryComment(string? Criterion, string Text);

/// <summary>
/// What the lead organisation's members see of a decision on their dossier. A staged (unpublished) decision never shows;
/// the summary is exactly what the decision letter carries (<see cref="DecisionLetters.SummaryAsync"/>: the ranking
/// snapshot the decision was published on, never a later one).
/// </summary>
public sealed class ApplicantDecisions(CallManagerDbContext db, ApplicationAccess access, DecisionLetters letters, MailTemplates templates,
    ComplaintService complaints)
{
    /// <summary>The dossier's decision as its applicant reads it (NotFound/Forbidden for anyone not acting for the lead organisation).</summary>
    public async Task<ApplicantDecisionView> GetAsync(Guid applicationId, Actor actor, CancellationToken ct = default)
    {
        var application = await access.LoadForApplicantAsync(applicationId, actor, ct);
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == application.CallId, ct);
        var decision = await db.Set<Decision>().AsNoTracking().FirstOrDefaultAsync(d => d.ApplicationId == applicationId && d.PublishedAt != null, ct);
        var complaint = await complaints.FindForApplicantAsync(applicationId, actor, ct);
        var published = decision is null ? null : await PublishedAsync(call, application, decision, actor.Language, ct);
        // The derogations show with the published decision they allowed, never before.
        var derogations = published is null ? [] : (await db.Set<EligibilityDerogation>().AsNoTracking().Where(d => d.ApplicationId == applicationId).ToListAsync(ct))
            .OrderBy(d => d.GrantedAt).Select(d => new DerogationNote(d.Rule,
                call.EligibilityRules.FirstOrDefault(r => r.Key == d.Rule) is { } rule ? EligibilityStatements.Explain(rule, call, actor.Language) : d.Rule, d.Reason, d.GrantedAt)).ToList();
        return new ApplicantDecisionView(application.Id, application.Reference, application.Title, call.Title(actor.Language), call.TimeZone, published, complaint, derogations);
    }

    private async Task<PublishedDecision> PublishedAsync(Call call, Application application, Decision decision, string language, CancellationToken ct)
    {
        var summary = await letters.SummaryAsync(call, decision, ct);
        var letter = await templates.RenderAsync(DecisionLetters.Template(decision.Outcome), language,
            DecisionLetters.Model(call, application, decision, summary, language));
        var criteria = call.Criteria.ToDictionary(c => c.Key);
        string Label(string key) => criteria.TryGetValue(key, out var c) ? (language == "en" ? c.LabelEn : c.LabelFr) : key;
        return new PublishedDecision(decision.Outcome, decision.GrantedAmount, decision.ReserveRank, decision.Reason, decision.PublishedAt!.Value,
            decision.ComplaintsUntil, decision.ComplaintsUntil is { } until && complaints.IsWindowOpen(until), letter.Subject, letter.TextBody,
            (summary?.Means ?? []).Select(m => new SummaryScore(Label(m.Key), m.Mean, m.ScaleMax)).ToList(), summary?.Consensus,
            (summary?.Comments ?? []).Select(c => new SummaryComment(c.CriterionKey is null ? null : Label(c.CriterionKey), c.Text)).ToList());
    }
}
