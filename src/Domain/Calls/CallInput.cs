namespace CallManager.Domain.Calls;

/// <summary>What an administrator enters to create or change a call; dates are wall-clock times in <see cref="TimeZone"/>.</summary>
public sealed record CallInput(
    string? Code,
    string? TitleFr,
    string? TitleEn,
    string? DescriptionFr,
    string? DescriptionEn,
    string? TimeZone,
    decimal Budget,
    decimal MaxGrant,
    CallPhasesInput? Phases,
    List<Criterion>? Criteria,
    decimal? Threshold = null,
    List<string>? TieBreakOrder = null,
    List<EligibilityRule>? EligibilityRules = null,
    ApplicationForm? Form = null,
    string? CallWorkflowId = null,
    string? ApplicationWorkflowId = null,
    int GraceMinutes = 0,
    int ComplaintWindowDays = 30,
    ReviewSettings? Review = null,
    GrantTerms? GrantTerms = null);

/// <summary>The dated phases of a call as local times in the call's zone.</summary>
public sealed record CallPhasesInput(DateTime OpensAt, DateTime SubmissionDeadline, DateTime ReviewDeadline, DateTime DeliberationAt, DateTime ResultsAt);

/// <summary>The dated phases as stored instants.</summary>
public sealed record CallPhasesUtc(DateTimeOffset OpensAt, DateTimeOffset SubmissionDeadline, DateTimeOffset ReviewDeadline, DateTimeOffset DeliberationAt, DateTimeOffset ResultsAt);

/// <summary>A call as shown to callers: phases both in local time of its zone and as instants.</summary>
public sealed record CallView(
    Guid Id, string Code, string TitleFr, string TitleEn, string DescriptionFr, string DescriptionEn, string TimeZone,
    decimal Budget, decimal MaxGrant, CallPhasesInput Phases, CallPhasesUtc PhasesUtc, string SubmissionDeadlineText,
    List<Criterion> Criteria, decimal? Threshold, List<string> TieBreakOrder, List<EligibilityRule> EligibilityRules, ApplicationForm Form,
    string CallWorkflowId, string ApplicationWorkflowId, int GraceMinutes, int ComplaintWindowDays, CallStatus Status,
    Guid? CopiedFromId, DateTimeOffset? PublishedAt, long Version, ReviewSettings Review, GrantTerms GrantTerms)
{
    /// <summary>Projects <paramref name="c"/> for a reader whose language is <paramref name="language"/>.</summary>
    public static CallView From(Call c, string language = "fr")
    {
        var zone = CallClock.Zone(c.TimeZone);
        DateTime L(DateTimeOffset i) => CallClock.ToLocal(i, zone);
        return new(c.Id, c.Code, c.TitleFr, c.TitleEn, c.DescriptionFr, c.DescriptionEn, c.TimeZone, c.Budget, c.MaxGrant,
            new(L(c.OpensAt), L(c.SubmissionDeadline), L(c.ReviewDeadline), L(c.DeliberationAt), L(c.ResultsAt)),
            new(c.OpensAt, c.SubmissionDeadline, c.ReviewDeadline, c.DeliberationAt, c.ResultsAt),
            CallClock.Format(c.SubmissionDeadline, c.TimeZone, language),
            c.Criteria, c.Threshold, c.TieBreakOrder, c.EligibilityRules, c.Form, c.CallWorkflowId, c.ApplicationWorkflowId,
            c.GraceMinutes, c.ComplaintWindowDays, c.Status, c.CopiedFromId, c.PublishedAt, c.Version, c.Review, c.GrantTerms);
    }
}

/// <summary>An administrator's request to extend the deadline for one organisation (local time in the call's zone).</summary>
public sealed record LateExceptionInput(Guid OrganisationId, DateTime Until, string? Reason);
