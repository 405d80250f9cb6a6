using CallManager.Domain.Calls;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>
/// The steps of the call editor, each saved on its own: the posted step replaces its part of the stored call's form, and the
/// whole call goes through <see cref="CallService.UpdateAsync"/> as before, so every rule still runs on every save.
/// </summary>
public static class CallEditorSteps
{
    /// <summary>The steps in order (their keys are the last segment of the editor's address).</summary>
    public static readonly string[] All = ["essentials", "calendar", "criteria", "form", "eligibility", "review", "grant"];

    /// <summary>The step after <paramref name="step"/>, or null for the last.</summary>
    public static string? Next(string step) => Array.IndexOf(All, step) is var i && i >= 0 && i < All.Length - 1 ? All[i + 1] : null;

    /// <summary><paramref name="stored"/> with the part of <paramref name="step"/> taken from <paramref name="posted"/>; a phase not posted (reached, so disabled) keeps its stored date.</summary>
    public static CallForm Merge(string step, CallForm stored, CallForm posted)
    {
        switch (step)
        {
            case "essentials":
                (stored.Code, stored.TitleFr, stored.TitleEn, stored.DescriptionFr, stored.DescriptionEn) = (posted.Code ?? stored.Code, posted.TitleFr, posted.TitleEn, posted.DescriptionFr, posted.DescriptionEn);
                (stored.Budget, stored.MaxGrant) = (posted.Budget, posted.MaxGrant);
                break;
            case "calendar":
                stored.TimeZone = string.IsNullOrWhiteSpace(posted.TimeZone) ? stored.TimeZone : posted.TimeZone;
                var (p, s) = (posted.Phases, stored.Phases);
                stored.Phases = new()
                {
                    OpensAt = p.OpensAt ?? s.OpensAt, SubmissionDeadline = p.SubmissionDeadline ?? s.SubmissionDeadline, ReviewDeadline = p.ReviewDeadline ?? s.ReviewDeadline,
                    DeliberationAt = p.DeliberationAt ?? s.DeliberationAt, ResultsAt = p.ResultsAt ?? s.ResultsAt,
                };
                (stored.GraceMinutes, stored.ComplaintWindowDays) = (posted.GraceMinutes, posted.ComplaintWindowDays);
                break;
            case "criteria": (stored.Criteria, stored.Threshold, stored.TieBreakOrder) = (posted.Criteria, posted.Threshold, posted.TieBreakOrder); break;
            case "form": stored.Form = posted.Form; break;
            case "eligibility": stored.EligibilityRules = posted.EligibilityRules; break;
            case "review":
                stored.Review = posted.Review;
                (stored.CallWorkflowId, stored.ApplicationWorkflowId) = (posted.CallWorkflowId ?? stored.CallWorkflowId, posted.ApplicationWorkflowId ?? stored.ApplicationWorkflowId);
                break;
            case "grant": stored.GrantTerms = posted.GrantTerms; break;
        }
        return stored;
    }
}
