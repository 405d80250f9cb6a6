namespace CallManager.Domain.Attachments;

/// <summary>Where attachments are kept.</summary>
public enum AttachmentStoreKind
{
    /// <summary>A table of blobs in the CallManager database (default: every host already reads it).</summary>
    Database,
    /// <summary>A folder every host can read and write (a shared volume), given by <see cref="AttachmentOptions.Path"/>.</summary>
    FileSystem,
}

/// <summary>Configuration section <c>Attachments</c>.</summary>
public sealed class AttachmentOptions
{
    /// <summary>The default folder of the file-system store, relative to the working directory.</summary>
    public const string DefaultPath = "data/attachments";

    public AttachmentStoreKind Store { get; set; } = AttachmentStoreKind.Database;

    /// <summary>The folder of the file-system store.</summary>
    public string Path { get; set; } = DefaultPath;

    /// <summary>The largest attachment accepted, in bytes (the database store holds one in memory while writing it).</summary>
    public long MaxLength { get; set; } = 50 * 1024 * 1024;
}
