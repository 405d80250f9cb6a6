using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Submissions;

/// <summary>
/// The resource rule for dossiers, in one place for API and pages: an applicant sees the dossiers whose lead
/// organisation they act for; a reviewer sees what the reviews stage's <see cref="IReviewerReading"/> allows (assigned,
/// conflicts declared, not conflicted), as a copy it prepares; administrators see everything; anyone else sees nothing.
/// A denied dossier is reported as not found, so its existence does not leak.
/// </summary>
public sealed class ApplicationAccess(CallManagerDbContext db, IEnumerable<IReviewerReading> reviewerReadings)
{
    /// <summary>The dossiers <paramref name="actor"/> may read.</summary>
    public IQueryable<Application> Visible(Actor actor)
    {
        var all = db.Set<Application>();
        if (actor.IsAdministrator) return all;
        if (!actor.IsApplicant && !actor.IsReviewer) return all.Where(_ => false);
        var (applicant, userId) = (actor.IsApplicant, actor.UserId);
        var reviewer = actor.IsReviewer && ReviewerReading is not null;
        var readable = reviewer ? ReviewerReading!.ReadableApplicationIds(userId) : db.Set<Application>().Where(_ => false).Select(a => a.Id);
        return all.Where(a =>
            (applicant && db.Set<OrganisationMember>().Any(m => m.OrganisationId == a.LeadOrganisationId && m.UserId == userId)) ||
            (reviewer && readable.Contains(a.Id)));
    }

    /// <summary>The reviews stage's rule; none when the host runs without reviews (then reviewers read nothing).</summary>
    private IReviewerReading? ReviewerReading { get; } = reviewerReadings.SingleOrDefault();

    /// <summary>
    /// The dossier with its partners, attachments and versions, or NotFound when absent or not visible (Forbidden, saying
    /// what to do, for a reviewer assigned to it who has not confirmed their declaration of conflicts yet). A reviewer who
    /// does not act for the lead organisation gets a detached copy, anonymised when the call says so.
    /// </summary>
    public async Task<Application> LoadAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var application = await Visible(actor)
            .Include(a => a.Partners).Include(a => a.Attachments).Include(a => a.Versions)
            .AsSplitQuery()
            .FirstOrDefaultAsync(a => a.Id == id, ct);
        if (application is null)
        {
            if (actor.IsReviewer && ReviewerReading is not null) await ReviewerReading.ExplainRefusalAsync(id, actor.UserId, ct);
            throw DomainException.NotFound("The dossier");
        }
        if (actor.IsAdministrator || !actor.IsReviewer || await IsLeadMemberAsync(application, actor, ct)) return application;
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == application.CallId, ct);
        db.Entry(application).State = EntityState.Detached; // a reader's copy: never saved
        ReviewerReading?.PrepareCopy(application, call);
        return application;
    }

    /// <summary>Like <see cref="LoadAsync"/>, but only for someone acting for the lead organisation (administrators read, applicants write).</summary>
    public async Task<Application> LoadForApplicantAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var application = await LoadAsync(id, actor, ct);
        if (!await IsLeadMemberAsync(application, actor, ct))
            throw DomainException.Forbidden("Only people acting for the lead organisation may change this dossier.");
        return application;
    }

    private Task<bool> IsLeadMemberAsync(Application application, Actor actor, CancellationToken ct) =>
        db.Set<OrganisationMember>().AnyAsync(m => m.OrganisationId == application.LeadOrganisationId && m.UserId == actor.UserId, ct);
}
