namespace CallManager.Domain.Submissions;

/// <summary>A file uploaded for a file field of a dossier; bytes live in the attachment store under <see cref="StorageKey"/>.</summary>
public class Attachment
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ApplicationId { get; set; }
    public string FieldKey { get; set; } = "";

    /// <summary>Generated key in the attachment store (never derived from the uploaded name).</summary>
    public string StorageKey { get; set; } = "";

    /// <summary>The name the file had on the applicant's computer, kept as data only.</summary>
    public string OriginalName { get; set; } = "";

    /// <summary>Media type detected from the content (magic bytes), not from the name.</summary>
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
    public string UploadedBy { get; set; } = "";

    /// <summary>Uploaded in answer to a missing-documents request.</summary>
    public bool Requested { get; set; }
}
