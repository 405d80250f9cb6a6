using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Attachments;

/// <summary>
/// Keeps attachments in a folder every host shares: <c>&lt;Path&gt;/&lt;ab&gt;/&lt;key&gt;.bin</c> and its metadata
/// <c>&lt;key&gt;.json</c>. Both are written to a temporary name and renamed, the metadata last, so a reader never sees half a file.
/// </summary>
public sealed class FileSystemAttachmentStore(TimeProvider clock, IOptions<AttachmentOptions> options) : IAttachmentStore
{
    private readonly string _root = Path.GetFullPath(options.Value.Path);

    public async Task<AttachmentInfo> PutAsync(Stream content, string contentType, string? fileName = null, CancellationToken cancellationToken = default)
    {
        var key = AttachmentKeys.New();
        var (bin, json) = Paths(key);
        Directory.CreateDirectory(Path.GetDirectoryName(bin)!);
        var temporary = $"{bin}.{Guid.NewGuid():N}.tmp";
        try
        {
            (long Length, string Sha256) written;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                written = await AttachmentKeys.CopyAndHashAsync(content, file, options.Value.MaxLength, cancellationToken);
            File.Move(temporary, bin);
            var info = new AttachmentInfo(key, contentType, written.Length, written.Sha256, fileName, clock.GetUtcNow());
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(info), cancellationToken);
            File.Move(temporary, json);
            return info;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public async Task<AttachmentContent?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!AttachmentKeys.IsValid(key)) return null;
        var (bin, json) = Paths(key);
        if (!File.Exists(json)) return null;
        var info = JsonSerializer.Deserialize<AttachmentInfo>(await File.ReadAllTextAsync(json, cancellationToken))!;
        return new AttachmentContent(info, new FileStream(bin, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!AttachmentKeys.IsValid(key)) return Task.FromResult(false);
        var (bin, json) = Paths(key);
        var existed = File.Exists(json);
        File.Delete(json);
        File.Delete(bin);
        return Task.FromResult(existed);
    }

    private (string Bin, string Json) Paths(string key)
    {
        var folder = Path.Combine(_root, key[..2]);
        return (Path.Combine(folder, key + ".bin"), Path.Combine(folder, key + ".json"));
    }
}
