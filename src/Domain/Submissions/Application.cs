using System.Text.Json.Nodes;
using CallManager.Domain.Common;

namespace CallManager.Domain.Submissions;

/// <summary>A dossier: one lead organisation's application to a call, its answers, attachments and submitted versions.</summary>
public class Application : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CallId { get; set; }

    /// <summary>Readable reference, e.g. "PTCE-2027-0007", also the receipt number's stem.</summary>
    public string Reference { get; set; } = "";
    public Guid LeadOrganisationId { get; set; }

    /// <summary>The applicant account that created the draft.</summary>
    public string CreatedBy { get; set; } = "";
    public ApplicationStatus Status { get; set; } = ApplicationStatus.Draft;

    /// <summary>The working answers (field key → JSON value); frozen copies live in <see cref="ApplicationVersion"/>.</summary>
    public JsonObject Answers { get; set; } = [];

    /// <summary>The project title, copied from the answers for lists.</summary>
    public string Title { get; set; } = "";

    /// <summary>Requested amount in euros, copied from the answers.</summary>
    public decimal? RequestedAmount { get; set; }

    /// <summary>Number of the last submitted version (0 while never submitted).</summary>
    public int CurrentVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }

    /// <summary>Eligibility at the last submission: null before, then true or false with <see cref="EligibilityReasons"/>.</summary>
    public bool? Eligible { get; set; }
    public List<string> EligibilityReasons { get; set; } = [];

    /// <summary>Keys of the call's rules the dossier failed at its last evaluation (submission or a change of the rules).</summary>
    public List<string> FailedRules { get; set; } = [];

    /// <summary>The administrator's reason for the last admissibility decision or missing-documents request.</summary>
    public string? AdmissibilityReason { get; set; }

    /// <summary>Form field keys of the documents asked for, and when they are due.</summary>
    public List<string> MissingDocuments { get; set; } = [];
    public DateTimeOffset? MissingDocumentsDueAt { get; set; }

    public List<ApplicationPartner> Partners { get; set; } = [];
    public List<Attachment> Attachments { get; set; } = [];
    public List<ApplicationVersion> Versions { get; set; } = [];
    public long Version { get; set; }
}

/// <summary>
/// A partner organisation named in a dossier, with what this applicant entered about it (the organisation row, shared by
/// SIREN with every other dossier, keeps only the first entry).
/// </summary>
public class ApplicationPartner
{
    public Guid ApplicationId { get; set; }
    public Guid OrganisationId { get; set; }
    public string Siren { get; set; } = "";
    public string Name { get; set; } = "";
    public string LegalForm { get; set; } = "";
    public string Region { get; set; } = "";
    public bool SocialEconomy { get; set; }

    /// <summary>Official INSEE code of the partner's commune, when given.</summary>
    public string? Commune { get; set; }
    public Organisations.MemberKind Kind { get; set; }
    public Organisations.EssBasis EssBasis { get; set; }
}
