using CallManager.Domain.Calls;
using CallManager.Domain.Documents;
using CallManager.Domain.Grants;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Grants.Documents;

/// <summary>The stored PDFs of a grant (agreement, report acknowledgements), one per language, generated the first time they are read.</summary>
public sealed class GrantDocuments(CallManagerDbContext db, GeneratedDocumentStore store)
{
    /// <summary>The agreement of <paramref name="grant"/> in <paramref name="language"/> (French unless "en").</summary>
    public async Task<GeneratedDocument> AgreementAsync(Grant grant, Call call, string language, CancellationToken ct = default)
    {
        var lang = language == "en" ? "en" : "fr";
        var name = lang == "en" ? $"agreement-{grant.Reference}.pdf" : $"convention-{grant.Reference}.pdf";
        return await store.GetOrCreateAsync(DocumentKinds.GrantAgreement, grant.Id, lang, name, async token =>
        {
            var beneficiary = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == grant.LeadOrganisationId, token);
            return AgreementDocument.Render(grant, call, beneficiary, lang);
        }, ct);
    }

    /// <summary>
    /// The acknowledgement of <paramref name="report"/>'s latest submission in <paramref name="language"/>: one per submission
    /// (a report sent again after changes gets its own), then the same bytes.
    /// </summary>
    public async Task<GeneratedDocument> ReportAcknowledgementAsync(Grant grant, GrantReport report, Call call, string language, CancellationToken ct = default)
    {
        var lang = language == "en" ? "en" : "fr";
        var at = report.SubmittedAt ?? throw new InvalidOperationException("A report that was never sent has no acknowledgement.");
        var variant = $"{report.Id:N}-{at.UtcDateTime:yyyyMMddHHmmssfff}-{lang}";
        var name = lang == "en" ? $"acknowledgement-{grant.Reference}-{report.Key}.pdf" : $"accuse-reception-{grant.Reference}-{report.Key}.pdf";
        return await store.GetOrCreateAsync(DocumentKinds.ReportAcknowledgement, grant.Id, variant, name,
            _ => Task.FromResult(ReportAcknowledgementDocument.Render(grant, report, call, lang)), ct);
    }
}
