using CallManager.Domain.Common;

namespace CallManager.Domain.Calls;

/// <summary>A funding call: texts in French and English, money, dated phases, criteria, rules and form as data.</summary>
public class Call : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Short code used in receipt numbers, e.g. "PTCE-2027".</summary>
    public string Code { get; set; } = "";
    public string TitleFr { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string DescriptionFr { get; set; } = "";
    public string DescriptionEn { get; set; } = "";

    /// <summary>IANA time zone in which dates are entered and shown (default Europe/Paris).</summary>
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Budget envelope in euros.</summary>
    public decimal Budget { get; set; }

    /// <summary>Maximum grant per project in euros.</summary>
    public decimal MaxGrant { get; set; }

    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset SubmissionDeadline { get; set; }
    public DateTimeOffset ReviewDeadline { get; set; }
    public DateTimeOffset DeliberationAt { get; set; }
    public DateTimeOffset ResultsAt { get; set; }

    /// <summary>Days after results during which an applicant may file a complaint.</summary>
    public int ComplaintWindowDays { get; set; } = 30;

    public List<Criterion> Criteria { get; set; } = [];

    /// <summary>Minimum weighted total (on 100) for a dossier to be fundable; null for none.</summary>
    public decimal? Threshold { get; set; }

    /// <summary>Criterion keys compared in this order to break a tie of weighted totals.</summary>
    public List<string> TieBreakOrder { get; set; } = [];

    public List<EligibilityRule> EligibilityRules { get; set; } = [];
    public ApplicationForm Form { get; set; } = new();

    public string CallWorkflowId { get; set; } = "ptce-call";
    public string ApplicationWorkflowId { get; set; } = "ptce-application";

    /// <summary>Minutes after the submission deadline during which a submission is still accepted.</summary>
    public int GraceMinutes { get; set; }

    /// <summary>Panel size, loads, comments, anonymisation, disagreement and reminders of the review phase.</summary>
    public ReviewSettings Review { get; set; } = new();

    /// <summary>Tranches, reports and indicators of the grants this call awards.</summary>
    public GrantTerms GrantTerms { get; set; } = new();

    public CallStatus Status { get; set; } = CallStatus.Draft;
    public Guid? CopiedFromId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public long Version { get; set; }

    /// <summary>Title in <paramref name="language"/> ("en" or French by default).</summary>
    public string Title(string language) => language == "en" && TitleEn.Length > 0 ? TitleEn : TitleFr;
}

/// <summary>An evaluation criterion: reviewers score 0..<see cref="ScaleMax"/>; <see cref="Weight"/> in percent of the total.</summary>
public sealed record Criterion(string Key, string LabelFr, string LabelEn, decimal Weight, int ScaleMax, decimal? PassMark = null,
    string? DescriptionFr = null, string? DescriptionEn = null, List<ScaleAnchor>? Anchors = null);
