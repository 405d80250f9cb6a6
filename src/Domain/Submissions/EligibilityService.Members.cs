using CallManager.Domain.Organisations;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Submissions;

public sealed partial class EligibilityService
{
    /// <summary>
    /// Takes the snapshot of the dossier's members at submission (the lead's profile, the partners as this applicant entered
    /// them), replacing the previous one; not saved. Eligibility is then judged on it, and stays so when the rules change.
    /// </summary>
    public async Task SnapshotMembersAsync(Application application, CancellationToken ct = default)
    {
        var members = await LiveMembersAsync(application, ct);
        var rows = await db.Set<ApplicationMember>().Where(m => m.ApplicationId == application.Id).ToListAsync(ct);
        foreach (var stale in rows.Where(r => r.Position >= members.Count)) db.Remove(stale);
        foreach (var member in members)
        {
            var row = rows.FirstOrDefault(r => r.Position == member.Position);
            if (row is null) db.Add(member);
            else db.Entry(row).CurrentValues.SetValues(member);
        }
    }

    /// <summary>
    /// The members eligibility is judged on: the snapshot of the last submission (when <paramref name="live"/> is false and there
    /// is one), else the lead's profile and the partners as entered on the dossier.
    /// </summary>
    public async Task<List<ApplicationMember>> MembersAsync(Application application, bool live = false, CancellationToken ct = default)
    {
        if (!live)
        {
            var pending = db.ChangeTracker.Entries<ApplicationMember>()
                .Where(e => e.Entity.ApplicationId == application.Id && e.State is EntityState.Added or EntityState.Modified or EntityState.Unchanged)
                .Select(e => e.Entity).ToList();
            var snapshot = pending.Count > 0 ? pending
                : await db.Set<ApplicationMember>().AsNoTracking().Where(m => m.ApplicationId == application.Id).ToListAsync(ct);
            if (snapshot.Count > 0) return snapshot.OrderBy(m => m.Position).ToList();
        }
        return await LiveMembersAsync(application, ct);
    }

    private async Task<List<ApplicationMember>> LiveMembersAsync(Application application, CancellationToken ct)
    {
        var partners = application.Partners.Count > 0 ? application.Partners
            : await db.Set<ApplicationPartner>().AsNoTracking().Where(p => p.ApplicationId == application.Id).ToListAsync(ct);
        var ids = partners.Select(p => p.OrganisationId).Append(application.LeadOrganisationId).ToList();
        var organisations = await db.Set<Organisation>().AsNoTracking().Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        var members = new List<ApplicationMember> { Member(application, 0, organisations[application.LeadOrganisationId]) };
        foreach (var p in partners.OrderBy(p => organisations[p.OrganisationId].Siren, StringComparer.Ordinal))
        {
            // A partner named before entries were kept on the dossier has none: its organisation row stands in.
            members.Add(p.Name.Length == 0 ? Member(application, members.Count, organisations[p.OrganisationId]) : new()
            {
                ApplicationId = application.Id, Position = members.Count, OrganisationId = p.OrganisationId, Siren = organisations[p.OrganisationId].Siren,
                Name = p.Name, LegalForm = p.LegalForm, Region = p.Region, Commune = p.Commune, SocialEconomy = p.SocialEconomy, Kind = p.Kind, EssBasis = p.EssBasis,
            });
        }
        return members;
    }

    private static ApplicationMember Member(Application application, int position, Organisation o) => new()
    {
        ApplicationId = application.Id, Position = position, OrganisationId = o.Id, Siren = o.Siren, Name = o.Name, LegalForm = o.LegalForm,
        Region = o.Region, Commune = o.Commune, SocialEconomy = o.SocialEconomy, Kind = o.Kind, EssBasis = o.EssBasis,
    };
}
