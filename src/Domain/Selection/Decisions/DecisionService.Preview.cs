using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Decisions;

/// <summary>One language's rendering of a letter: subject and text, as the mail will carry them.</summary>
public sealed record RenderedLetter(string Language, string Subject, string Text);

/// <summary>A staged decision's letter before publication: the dossier, the outcome, who receives it (address and language) and the letter in French and English.</summary>
public sealed record PendingLetter(Guid ApplicationId, string Reference, string Title, DecisionOutcome Outcome, decimal? GrantedAmount, int? ReserveRank,
    IReadOnlyList<LetterPreview> Recipients, IReadOnlyList<RenderedLetter> Renderings);

/// <summary>
/// What publishing would do now: the staged decisions by outcome with their letters rendered, the number of mails, the end of the
/// complaint window it opens, the selected total against the envelope, and what would make it refuse (undecided dossiers, over budget).
/// </summary>
public sealed record PublicationPreview(Guid CallId, IReadOnlyDictionary<DecisionOutcome, int> Counts, int Mails, DateTimeOffset ComplaintsUntil,
    string ComplaintsUntilText, decimal SelectedTotal, decimal Budget, IReadOnlyList<string> Undecided, IReadOnlyList<string> WithoutRecipient,
    IReadOnlyList<PendingLetter> Letters)
{
    /// <summary>Staged decisions publishing would publish.</summary>
    public int Decisions => Counts.Values.Sum();

    /// <summary>Publishing would be refused: a dossier has no decision, or the selected total passes the envelope.</summary>
    public bool Blocked => Undecided.Count > 0 || SelectedTotal > Budget;
}

public sealed partial class DecisionService
{
    /// <summary>
    /// The preview of <see cref="PublishAsync"/> without publishing: every staged decision's letter rendered in French and English
    /// as it will be sent (figures from the latest ranking snapshot, complaint window counted from now), grouped by outcome.
    /// </summary>
    public async Task<PublicationPreview> PreviewPublicationAsync(Guid callId, Actor actor, CancellationToken ct = default)
    {
        RequireAdministrator(actor);
        var call = await db.Set<Call>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, ct) ?? throw DomainException.NotFound("The call");
        var view = await ListAsync(callId, actor, ct);
        var applications = await db.Set<Application>().AsNoTracking().Where(a => a.CallId == callId).ToDictionaryAsync(a => a.Id, ct);
        var staged = await db.Set<Decision>().AsNoTracking().Where(d => d.CallId == callId && d.PublishedAt == null).ToListAsync(ct);
        var until = clock.GetUtcNow().AddDays(call.ComplaintWindowDays);
        foreach (var decision in staged) decision.ComplaintsUntil = until; // a detached copy: the letters read the window publishing would open
        var summaries = staged.Count == 0 ? new Dictionary<Guid, EvaluationSummary>() : await letters.SummariesAsync(call, staged, ct);
        var pending = new List<PendingLetter>();
        foreach (var decision in staged.OrderBy(d => d.Outcome).ThenBy(d => applications[d.ApplicationId].Reference, StringComparer.Ordinal))
        {
            var application = applications[decision.ApplicationId];
            var renderings = new List<RenderedLetter>();
            foreach (var language in new[] { "fr", "en" })
            {
                var letter = await letters.RenderAsync(call, application, decision, summaries.GetValueOrDefault(application.Id), language);
                renderings.Add(new RenderedLetter(language, letter.Subject, letter.TextBody));
            }
            pending.Add(new PendingLetter(application.Id, application.Reference, application.Title, decision.Outcome, decision.GrantedAmount, decision.ReserveRank,
                view.Letters.Where(l => l.Reference == application.Reference).ToList(), renderings));
        }
        var counts = Enum.GetValues<DecisionOutcome>().ToDictionary(o => o, o => staged.Count(d => d.Outcome == o));
        return new PublicationPreview(callId, counts, view.Letters.Count, until, CallClock.Format(until, call.TimeZone, actor.Language), view.SelectedTotal,
            call.Budget, view.Undecided, pending.Where(p => p.Recipients.Count == 0).Select(p => p.Reference).ToList(), pending);
    }
}
