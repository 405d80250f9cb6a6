using CallManager.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Selection.Complaints;

public sealed partial class ComplaintService
{
    /// <summary>Whether a complaint may still be filed now against a decision whose window ends at <paramref name="until"/> (the end itself included).</summary>
    public bool IsWindowOpen(DateTimeOffset until) => clock.GetUtcNow() <= until;

    /// <summary>The dossier's complaint, or null when none was filed (people acting for the lead organisation only).</summary>
    public async Task<ComplaintView?> FindForApplicantAsync(Guid applicationId, Actor actor, CancellationToken ct = default)
    {
        var application = await access.LoadForApplicantAsync(applicationId, actor, ct);
        var complaint = await db.Set<Complaint>().AsNoTracking().FirstOrDefaultAsync(c => c.ApplicationId == applicationId, ct);
        return complaint is null ? null : View(complaint, application);
    }
}
