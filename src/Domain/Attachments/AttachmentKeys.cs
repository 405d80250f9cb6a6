using System.Security.Cryptography;
using CallManager.Domain.Common;

namespace CallManager.Domain.Attachments;

/// <summary>Attachment keys (32 lower-case hex digits, safe as a file name) and the copy-while-hashing both stores share.</summary>
public static class AttachmentKeys
{
    /// <summary>A new random key.</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>True when <paramref name="key"/> has the shape of a key (so it can never name another path).</summary>
    public static bool IsValid(string? key) => key is { Length: 32 } && key.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/>; returns the length and SHA-256 (hex); refuses more than <paramref name="maxLength"/> bytes.</summary>
    public static async Task<(long Length, string Sha256)> CopyAndHashAsync(Stream source, Stream target, long maxLength, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long length = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            length += read;
            if (length > maxLength)
                throw DomainException.Invalid($"The file is larger than the {maxLength / (1024 * 1024)} MB allowed (Attachments:MaxLength).");
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
