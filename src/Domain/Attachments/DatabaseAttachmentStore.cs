using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Attachments;

/// <summary>Keeps attachments in table <c>AttachmentBlobs</c>, each operation in its own short unit of work.</summary>
public sealed class DatabaseAttachmentStore(IServiceScopeFactory scopes, TimeProvider clock, IOptions<AttachmentOptions> options) : IAttachmentStore
{
    public async Task<AttachmentInfo> PutAsync(Stream content, string contentType, string? fileName = null, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        var (length, sha256) = await AttachmentKeys.CopyAndHashAsync(content, buffer, options.Value.MaxLength, cancellationToken);
        var blob = new AttachmentBlob
        {
            Key = AttachmentKeys.New(), ContentType = contentType, FileName = fileName, Length = length, Sha256 = sha256,
            CreatedAt = clock.GetUtcNow(), Content = buffer.ToArray(),
        };
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        db.Add(blob);
        await db.SaveChangesAsync(cancellationToken);
        return Info(blob);
    }

    public async Task<AttachmentContent?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!AttachmentKeys.IsValid(key)) return null;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var blob = await db.Set<AttachmentBlob>().AsNoTracking().SingleOrDefaultAsync(a => a.Key == key, cancellationToken);
        return blob is null ? null : new AttachmentContent(Info(blob), new MemoryStream(blob.Content, writable: false));
    }

    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!AttachmentKeys.IsValid(key)) return false;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        return await db.Set<AttachmentBlob>().Where(a => a.Key == key).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private static AttachmentInfo Info(AttachmentBlob b) => new(b.Key, b.ContentType, b.Length, b.Sha256, b.FileName, b.CreatedAt);
}
