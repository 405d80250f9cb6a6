using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;

namespace CallManager.Domain.Reviews;

/// <summary>
/// A reviewer reads the dossiers they are assigned to (a review row), once they have confirmed their declaration of
/// conflicts for the call, and never one they are conflicted with (<see cref="ConflictRules"/>); an anonymised copy when
/// the call says so (<see cref="ReviewSettings.Anonymise"/>).
/// </summary>
public sealed class ReviewerReading(CallManagerDbContext db) : IReviewerReading
{
    public IQueryable<Guid> ReadableApplicationIds(string userId) =>
        db.Set<Application>().Where(a =>
                db.Set<Review>().Any(r => r.ApplicationId == a.Id && r.ReviewerId == userId) &&
                db.Set<JuryMember>().Any(j => j.CallId == a.CallId && j.UserId == userId && j.ConflictsConfirmedAt != null) &&
                !db.Set<ConflictOfInterest>().Any(c => c.CallId == a.CallId && c.UserId == userId &&
                    (c.OrganisationId == a.LeadOrganisationId || a.Partners.Any(p => p.OrganisationId == c.OrganisationId))))
            .Select(a => a.Id);

    public Task ExplainRefusalAsync(Guid applicationId, string userId, CancellationToken ct) =>
        ReviewerGate.EnsureConfirmedForDossierAsync(db, applicationId, userId, ct);

    public void PrepareCopy(Application application, Call call)
    {
        if (call.Review.Anonymise) Anonymiser.Redact(application, call.Form);
    }
}
