using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace CallManager.Domain.Audit;

/// <summary>
/// The secret that keys the audit chain's links (HMAC-SHA256) and signs its heads; it is never stored in the database, so
/// someone who can write there cannot rebuild a chain that still verifies.
/// </summary>
public sealed class AuditChainKey
{
    private readonly byte[] _key;
    private readonly byte[] _headKey;

    /// <summary>Wraps a secret of at least 32 bytes.</summary>
    public AuditChainKey(byte[] key)
    {
        if (key.Length < 32) throw new ArgumentException("The audit chain key must hold at least 32 bytes (256 bits).", nameof(key));
        _key = key.ToArray();
        // Heads are signed with a key derived for that purpose only, so a head can never pass for a link or the reverse.
        _headKey = HMACSHA256.HashData(_key, "callmanager-audit-head"u8);
        Id = Convert.ToHexStringLower(SHA256.HashData(_key))[..12];
    }

    /// <summary>A short fingerprint naming the key (in heads and messages), from which the key cannot be found.</summary>
    public string Id { get; }

    /// <summary>A new random key (tests, first run).</summary>
    public static AuditChainKey Generate() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>HMAC-SHA256 (hex) of a link's text.</summary>
    public string Link(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text)));

    /// <summary>HMAC-SHA256 (hex) of a head's text, with the head-signing key derived from this key.</summary>
    public string SignHead(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(_headKey, Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// The configured key: <c>Audit:ChainKey</c> (base64), else the file <c>Audit:ChainKeyFile</c>, created with a random key
    /// on first run (a development default: a warning says to keep it outside the database's backups).
    /// </summary>
    public static AuditChainKey Load(AuditOptions options, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(options.ChainKey))
        {
            try { return new AuditChainKey(Convert.FromBase64String(options.ChainKey.Trim())); }
            catch (FormatException) { throw new InvalidOperationException("Audit:ChainKey must be base64 (e.g. `openssl rand -base64 32`)."); }
        }
        var path = Path.GetFullPath(options.ChainKeyFile);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temporary, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            try
            {
                File.Move(temporary, path, overwrite: false); // another host or test may create it at the same moment: the first wins
                logger.LogWarning("Generated a new audit chain key in {Path}: back it up, keep it out of the database's backups, or set Audit:ChainKey", path);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }
        try { return new AuditChainKey(Convert.FromBase64String(File.ReadAllText(path).Trim())); }
        catch (FormatException) { throw new InvalidOperationException($"The audit chain key file {path} must hold base64."); }
    }
}
