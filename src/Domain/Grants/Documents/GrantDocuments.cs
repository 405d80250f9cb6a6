using CallManager.Domain.Calls;
using CallManager.Domain.Documents;
using CallManager.Domain.Grants;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Grants.Documents;

/// <summary>The stored agreement PDF of a grant, one per language, generated the first time it is read.</summary>
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
}
