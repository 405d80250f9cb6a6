namespace CallManager.Workflow.Submissions.Storage;

/// <summary>
/// Where attachment bytes live, under generated keys, outside the web root. Stand-in until the platform's
/// attachment store (branch <c>mail</c>, src/Workflow/Attachments) is merged; the integrator reconciles the two.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/> (a new key each time).</summary>
    Task SaveAsync(string key, byte[] content, CancellationToken ct = default);

    /// <summary>Opens the bytes stored under <paramref name="key"/>, or null when missing.</summary>
    Task<Stream?> OpenAsync(string key, CancellationToken ct = default);
}

/// <summary>Configuration section <c>Attachments</c>.</summary>
public sealed class AttachmentOptions
{
    /// <summary>Folder holding the files (relative paths are from the working directory); default <c>data/attachments</c>.</summary>
    public string Root { get; set; } = "data/attachments";

    /// <summary>Largest accepted file in bytes when a field sets no limit (default 10 MB).</summary>
    public long MaxFileSize { get; set; } = 10 * 1024 * 1024;
}

/// <summary>Keeps attachments as files named by their key in <see cref="AttachmentOptions.Root"/>.</summary>
public sealed class FileSystemAttachmentStore(AttachmentOptions options) : IAttachmentStore
{
    public async Task SaveAsync(string key, byte[] content, CancellationToken ct = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content, ct);
    }

    public Task<Stream?> OpenAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    private string PathOf(string key)
    {
        if (key.Length < 4 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) throw new ArgumentException("Invalid attachment key.", nameof(key));
        return Path.Combine(Path.GetFullPath(options.Root), key[..2], key);
    }
}
