using CallManager.Workflow.Common;
using CallManager.Workflow.Organisations;
using CallManager.Workflow.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Workflow.Submissions;

/// <summary>
/// The resource rule for dossiers, in one place for API and pages: an applicant sees the dossiers whose lead
/// organisation they act for; administrators see everything; anyone else sees nothing. A denied dossier is
/// reported as not found, so its existence does not leak. The review stage extends <see cref="Visible"/> for reviewers.
/// </summary>
public sealed class ApplicationAccess(CallManagerDbContext db)
{
    /// <summary>The dossiers <paramref name="actor"/> may read.</summary>
    public IQueryable<Application> Visible(Actor actor)
    {
        var all = db.Set<Application>();
        if (actor.IsAdministrator) return all;
        if (!actor.IsApplicant) return all.Where(_ => false);
        return all.Where(a => db.Set<OrganisationMember>().Any(m => m.OrganisationId == a.LeadOrganisationId && m.UserId == actor.UserId));
    }

    /// <summary>The dossier with its partners, attachments and versions, or NotFound when absent or not visible.</summary>
    public async Task<Application> LoadAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var application = await Visible(actor)
            .Include(a => a.Partners).Include(a => a.Attachments).Include(a => a.Versions)
            .AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == id, ct);
        return application ?? throw DomainException.NotFound("The dossier");
    }

    /// <summary>Like <see cref="LoadAsync"/>, but only for someone acting for the lead organisation (administrators read, applicants write).</summary>
    public async Task<Application> LoadForApplicantAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var application = await LoadAsync(id, actor, ct);
        var member = await db.Set<OrganisationMember>().AnyAsync(m => m.OrganisationId == application.LeadOrganisationId && m.UserId == actor.UserId, ct);
        if (!member) throw DomainException.Forbidden("Only people acting for the lead organisation may change this dossier.");
        return application;
    }
}
