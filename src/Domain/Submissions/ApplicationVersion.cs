namespace CallManager.Domain.Submissions;

/// <summary>One submission of a dossier (frozen answers and attachment hashes) and its receipt; the last one counts.</summary>
public class ApplicationVersion
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ApplicationId { get; set; }
    public int Number { get; set; }

    /// <summary>Receipt number, e.g. "PTCE-2027-0007-v2".</summary>
    public string ReceiptNumber { get; set; } = "";

    /// <summary>The submission instant read from the server clock.</summary>
    public DateTimeOffset SubmittedAt { get; set; }
    public string SubmittedBy { get; set; } = "";

    /// <summary>The canonical dossier (sorted JSON of answers, partners and attachment hashes) this receipt hashes.</summary>
    public string CanonicalApplication { get; set; } = "";

    /// <summary>SHA-256 of <see cref="CanonicalApplication"/> in lowercase hex.</summary>
    public string Sha256 { get; set; } = "";
}
