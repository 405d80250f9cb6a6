using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Reviews;

/// <summary>Where a review stands in its reviewer's list for the call: its place, the submitted count and its neighbours.</summary>
public sealed record ReviewPosition(int Index, int Count, int Submitted, ReviewListItem? Previous, ReviewListItem? Next);

/// <summary>
/// Everything a juror's desk shows: the review with its dossier, the place in the list, the lead organisation (null when
/// anonymised) and the call's form the dossier answers (without the personal fields when the reader gets an anonymised copy).
/// </summary>
public sealed record ReviewDesk(ReviewDetail Review, ReviewPosition? Position, string? LeadOrganisation, ApplicationForm Form);

public sealed partial class ReviewService
{
    /// <summary>
    /// The review as its juror works on it: detail, previous/next review of the same call in the juror's list (the order of
    /// <see cref="MineAsync"/>), and the lead organisation's name unless the call is anonymised. Administrators reading
    /// someone else's review get no position.
    /// </summary>
    public async Task<ReviewDesk> DeskAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var (review, call) = await LoadAsync(id, actor, ct);
        var detail = await DetailAsync(review, call, actor, ct);
        ReviewPosition? position = null;
        if (review.ReviewerId == actor.UserId)
        {
            var list = (await MineAsync(actor, ct)).Reviews.Where(r => r.CallId == call.Id).ToList();
            var index = list.FindIndex(r => r.Id == id);
            position = new ReviewPosition(index + 1, list.Count, list.Count(r => r.Status == ReviewStatus.Submitted),
                index > 0 ? list[index - 1] : null, index >= 0 && index < list.Count - 1 ? list[index + 1] : null);
        }
        var anonymised = call.Review.Anonymise && !actor.IsAdministrator;
        var lead = anonymised ? null
            : await db.Set<Organisation>().AsNoTracking().Where(o => o.Id == detail.Dossier.LeadOrganisationId).Select(o => o.Name).FirstOrDefaultAsync(ct);
        var form = !anonymised ? call.Form : new ApplicationForm
        {
            Sections = call.Form.Sections.Select(s => new FormSection { Key = s.Key, TitleFr = s.TitleFr, TitleEn = s.TitleEn, Fields = s.Fields.Where(f => !f.Personal).ToList() }).ToList(),
        };
        return new ReviewDesk(detail, position, lead, form);
    }
}
