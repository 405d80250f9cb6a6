using System.Security.Cryptography;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CallManager.Domain.Documents;

/// <summary>
/// Generates a document the first time it is asked for and keeps it: later requests get the stored bytes, whose hash is
/// checked before they are served. Saves at once (call it before any other change of the unit of work).
/// </summary>
public sealed class GeneratedDocumentStore(CallManagerDbContext db, TimeProvider clock, ILogger<GeneratedDocumentStore> logger)
{
    /// <summary>The stored document of (<paramref name="kind"/>, <paramref name="subjectId"/>, <paramref name="variant"/>), rendered and saved when absent.</summary>
    public async Task<GeneratedDocument> GetOrCreateAsync(string kind, Guid subjectId, string variant, string fileName,
        Func<CancellationToken, Task<byte[]>> render, CancellationToken ct = default)
    {
        if (await FindAsync(kind, subjectId, variant, ct) is { } existing) return existing;
        var bytes = await render(ct);
        var document = new GeneratedDocument
        {
            Kind = kind, SubjectId = subjectId, Variant = variant, FileName = fileName, Content = bytes, Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), CreatedAt = clock.GetUtcNow(),
        };
        db.Add(document);
        try
        {
            await db.SaveChangesAsync(ct);
            return document;
        }
        catch (DbUpdateException)
        {
            db.Entry(document).State = EntityState.Detached;
            if (!await ExistsElsewhereAsync(kind, subjectId, variant, ct)) throw;
            // Another request generated it first: the first stored copy is the document, ours is dropped.
            logger.LogInformation("The {Kind} document {Variant} of {Subject} was generated concurrently; the first copy is kept.", kind, variant, subjectId);
            return (await FindAsync(kind, subjectId, variant, ct))!;
        }
    }

    /// <summary>The stored document, or null; throws when its bytes no longer match the recorded hash.</summary>
    public async Task<GeneratedDocument?> FindAsync(string kind, Guid subjectId, string variant, CancellationToken ct = default)
    {
        var document = await db.Set<GeneratedDocument>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.Kind == kind && d.SubjectId == subjectId && d.Variant == variant, ct);
        if (document is null) return null;
        var actual = Convert.ToHexStringLower(SHA256.HashData(document.Content));
        if (actual != document.Sha256)
        {
            logger.LogError("The stored {Kind} document {Id} was altered: hash {Actual} instead of {Recorded}.", kind, document.Id, actual, document.Sha256);
            throw new InvalidOperationException($"The stored {kind} document {document.Id} does not match its recorded SHA-256.");
        }
        return document;
    }

    private Task<bool> ExistsElsewhereAsync(string kind, Guid subjectId, string variant, CancellationToken ct) =>
        db.Set<GeneratedDocument>().AsNoTracking().AnyAsync(d => d.Kind == kind && d.SubjectId == subjectId && d.Variant == variant, ct);
}
