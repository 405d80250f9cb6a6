namespace CallManager.Domain.Attachments;

/// <summary>
/// Where uploaded files and generated documents live, readable by every web host: the database (default) or a shared
/// folder (<c>Attachments:Store=FileSystem</c>). A put writes immediately (not with the caller's unit of work): store the
/// file first, then save the returned <see cref="AttachmentInfo.Key"/> on the entity that owns it.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Stores <paramref name="content"/> under a new key, computing its length and SHA-256.</summary>
    Task<AttachmentInfo> PutAsync(Stream content, string contentType, string? fileName = null, CancellationToken cancellationToken = default);

    /// <summary>The attachment and its bytes (the caller disposes it), or null when no attachment has this key.</summary>
    Task<AttachmentContent?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Removes the attachment; false when there was none.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}

/// <summary>What is known about a stored attachment; <see cref="Sha256"/> is lower-case hex.</summary>
public sealed record AttachmentInfo(string Key, string ContentType, long Length, string Sha256, string? FileName, DateTimeOffset CreatedAt);

/// <summary>A stored attachment opened for reading.</summary>
public sealed class AttachmentContent(AttachmentInfo info, Stream content) : IAsyncDisposable, IDisposable
{
    public AttachmentInfo Info { get; } = info;

    /// <summary>The bytes, from the start.</summary>
    public Stream Content { get; } = content;

    /// <summary>Reads the whole content into memory.</summary>
    public async Task<byte[]> ReadAllBytesAsync(CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await Content.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    public ValueTask DisposeAsync() => Content.DisposeAsync();
    public void Dispose() => Content.Dispose();
}

/// <summary>Conveniences over <see cref="IAttachmentStore"/>.</summary>
public static class AttachmentStoreExtensions
{
    /// <summary>Stores <paramref name="bytes"/> under a new key.</summary>
    public static async Task<AttachmentInfo> PutAsync(this IAttachmentStore store, byte[] bytes, string contentType, string? fileName = null, CancellationToken cancellationToken = default)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        return await store.PutAsync(stream, contentType, fileName, cancellationToken);
    }
}
