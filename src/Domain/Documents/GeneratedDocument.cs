namespace CallManager.Domain.Documents;

/// <summary>
/// A PDF generated once (a receipt, a decision letter, a grant agreement) and kept: the same bytes are served every time
/// afterwards, and their SHA-256 is what an acceptance or a receipt refers to.
/// </summary>
public class GeneratedDocument
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>What the document is: one of <see cref="DocumentKinds"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The dossier or grant the document is about.</summary>
    public Guid SubjectId { get; set; }

    /// <summary>What distinguishes several documents of one kind on one subject, e.g. "v2-fr" (version and language).</summary>
    public string Variant { get; set; } = "";
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "application/pdf";
    public byte[] Content { get; set; } = [];
    public long Size { get; set; }

    /// <summary>Lower-case hexadecimal SHA-256 of <see cref="Content"/>, checked again whenever the document is served.</summary>
    public string Sha256 { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The kinds of generated documents.</summary>
public static class DocumentKinds
{
    public const string Receipt = "receipt";
    public const string DecisionLetter = "decision-letter";
    public const string GrantAgreement = "grant-agreement";

    /// <summary>The agreement signed by hand and uploaded by the beneficiary (kept like a generated one: once, with its hash).</summary>
    public const string SignedAgreement = "signed-agreement";

    /// <summary>The acknowledgement of a received progress report.</summary>
    public const string ReportAcknowledgement = "report-acknowledgement";
}
