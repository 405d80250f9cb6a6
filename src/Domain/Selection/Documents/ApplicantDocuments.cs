using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Documents;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Selection.Applicants;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Documents;

/// <summary>
/// The stored PDFs of a dossier, for the people who may read it: each submitted version's receipt and the published
/// decision's letter, in the reader's language, generated once and then served identically.
/// </summary>
public sealed class ApplicantDocuments(CallManagerDbContext db, ApplicationService applications, ApplicantDecisions decisions, CallService calls,
    GeneratedDocumentStore store, Audit.AuditHeads heads)
{
    /// <summary>The receipt of version <paramref name="number"/> (the current one when null) of a dossier <paramref name="actor"/> may read.</summary>
    public async Task<GeneratedDocument> ReceiptAsync(Guid applicationId, int? number, Actor actor, CancellationToken ct = default)
    {
        var view = await applications.GetAsync(applicationId, actor, ct);
        var wanted = number ?? view.CurrentVersion;
        var language = actor.Language == "en" ? "en" : "fr";
        var version = await db.Set<ApplicationVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.ApplicationId == applicationId && v.Number == wanted, ct)
            ?? throw DomainException.NotFound("The receipt");
        return await store.GetOrCreateAsync(DocumentKinds.Receipt, applicationId, $"v{version.Number}-{language}", $"{version.ReceiptNumber}.pdf", async token =>
        {
            var application = await db.Set<Application>().AsNoTracking().Include(a => a.Attachments).FirstAsync(a => a.Id == applicationId, token);
            var call = await calls.FindAsync(application.CallId, actor, token);
            // The files of this version are those whose hashes its canonical dossier lists.
            var hashes = System.Text.Json.Nodes.JsonNode.Parse(version.CanonicalApplication)?["attachments"]?.AsArray()
                .Select(n => n?["sha256"]?.GetValue<string>()).ToHashSet() ?? [];
            var files = application.Attachments.Where(a => hashes.Contains(a.Sha256) && a.UploadedAt <= version.SubmittedAt)
                .OrderBy(a => a.FieldKey, StringComparer.Ordinal).ThenBy(a => a.OriginalName, StringComparer.Ordinal)
                .Select(a => new ReceiptDocument.FileLine(a.FieldKey, a.OriginalName, a.Size, a.Sha256)).ToList();
            return ReceiptDocument.Render(application, version, call, files, language);
        }, ct);
    }

    /// <summary>The letter of the published decision on a dossier <paramref name="actor"/> acts for; NotFound before publication.</summary>
    public async Task<GeneratedDocument> DecisionLetterAsync(Guid applicationId, Actor actor, CancellationToken ct = default)
    {
        var view = await decisions.GetAsync(applicationId, actor, ct);
        var decision = view.Decision ?? throw DomainException.NotFound("The decision letter");
        var language = actor.Language == "en" ? "en" : "fr";
        var name = $"decision-{view.Reference}.pdf";
        // A decision published again (after a complaint) is a new letter: the variant carries its publication instant.
        return await store.GetOrCreateAsync(DocumentKinds.DecisionLetter, applicationId, $"{decision.PublishedAt.ToUnixTimeSeconds()}-{language}", name, async token =>
        {
            var organisation = await db.Set<Application>().AsNoTracking().Where(a => a.Id == applicationId)
                .Join(db.Set<Organisation>(), a => a.LeadOrganisationId, o => o.Id, (a, o) => o.Name).FirstAsync(token);
            return DecisionLetterDocument.Render(view, decision, organisation, language, await heads.ForDocumentAsync(token));
        }, ct);
    }
}
