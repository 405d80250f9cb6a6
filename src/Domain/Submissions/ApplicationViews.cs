using System.Text.Json.Nodes;
using CallManager.Domain.Organisations;

namespace CallManager.Domain.Submissions;

/// <summary>Creates a draft for <paramref name="LeadOrganisationId"/> (an organisation the applicant acts for).</summary>
public sealed record CreateApplicationInput(Guid LeadOrganisationId);

/// <summary>Saves answers (merged by field key; a null value clears one) and, when given, replaces the partner organisations.</summary>
public sealed record SaveAnswersInput(JsonObject? Answers, List<OrganisationInput>? Partners = null);

/// <summary>An administrator's admissibility decision: Admissible, Inadmissible or MissingDocuments (with the documents and a due date in the call's zone).</summary>
public sealed record AdmissibilityInput(ApplicationStatus Decision, string? Reason, List<string>? MissingDocuments = null, DateTime? DueAt = null);

/// <summary>The proof of a submission.</summary>
public sealed record Receipt(string ReceiptNumber, Guid ApplicationId, string Reference, int Version, DateTimeOffset SubmittedAt,
    string SubmittedAtText, string Sha256, bool Eligible, List<string> EligibilityReasons);

/// <summary>Metadata of one attachment.</summary>
public sealed record AttachmentView(Guid Id, string FieldKey, string OriginalName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt, bool Requested);

/// <summary>A dossier as shown to its applicants and administrators.</summary>
public sealed record ApplicationView(
    Guid Id, Guid CallId, string Reference, Guid LeadOrganisationId, List<Guid> PartnerOrganisationIds, ApplicationStatus Status,
    JsonObject Answers, string Title, decimal? RequestedAmount, int CurrentVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    DateTimeOffset? SubmittedAt, DateTimeOffset? WithdrawnAt, bool? Eligible, List<string> EligibilityReasons, string? AdmissibilityReason,
    List<string> MissingDocuments, DateTimeOffset? MissingDocumentsDueAt, List<AttachmentView> Attachments, List<VersionView> Versions, long Version,
    List<PartnerView> Partners)
{
    /// <summary>Projects a loaded dossier (partners, attachments and versions included).</summary>
    public static ApplicationView From(Application a) => new(
        a.Id, a.CallId, a.Reference, a.LeadOrganisationId, a.Partners.Select(p => p.OrganisationId).ToList(), a.Status,
        (JsonObject)a.Answers.DeepClone(), a.Title, a.RequestedAmount, a.CurrentVersion, a.CreatedAt, a.UpdatedAt, a.SubmittedAt, a.WithdrawnAt,
        a.Eligible, a.EligibilityReasons, a.AdmissibilityReason, a.MissingDocuments, a.MissingDocumentsDueAt,
        a.Attachments.OrderBy(x => x.UploadedAt).Select(x => new AttachmentView(x.Id, x.FieldKey, x.OriginalName, x.ContentType, x.Size, x.Sha256, x.UploadedAt, x.Requested)).ToList(),
        a.Versions.OrderBy(v => v.Number).Select(v => new VersionView(v.Number, v.ReceiptNumber, v.SubmittedAt, v.Sha256)).ToList(),
        a.Version,
        a.Partners.OrderBy(p => p.Siren, StringComparer.Ordinal).Select(p => new PartnerView(p.OrganisationId, p.Siren, p.Name, p.LegalForm, p.Region, p.SocialEconomy,
            p.Commune, p.Kind, p.EssBasis)).ToList());
}

/// <summary>A partner as the dossier's applicant entered it.</summary>
public sealed record PartnerView(Guid OrganisationId, string Siren, string Name, string LegalForm, string Region, bool SocialEconomy,
    string? Commune, MemberKind Kind, EssBasis EssBasis);

/// <summary>One submitted version.</summary>
public sealed record VersionView(int Number, string ReceiptNumber, DateTimeOffset SubmittedAt, string Sha256);

/// <summary>A line of the administrators' dossier list.</summary>
public sealed record ApplicationSummary(Guid Id, string Reference, string Title, Guid LeadOrganisationId, string LeadOrganisationName,
    ApplicationStatus Status, decimal? RequestedAmount, int CurrentVersion, DateTimeOffset? SubmittedAt, bool? Eligible, List<string> EligibilityReasons);
