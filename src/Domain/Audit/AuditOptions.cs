namespace CallManager.Domain.Audit;

/// <summary>Configuration section <c>Audit</c>: where the chain's key comes from and where its heads are written.</summary>
public sealed class AuditOptions
{
    /// <summary>The chain key in base64 (at least 32 bytes); takes precedence over <see cref="ChainKeyFile"/>.</summary>
    public string? ChainKey { get; set; }

    /// <summary>File holding the chain key in base64, created with a random key when missing; the web host resolves a relative path against its content root.</summary>
    public string ChainKeyFile { get; set; } = "data/audit-chain.key";

    /// <summary>Folder (outside the database) where signed heads of the chain are written; relative to the web host's content root.</summary>
    public string HeadFolder { get; set; } = "data/audit-heads";
}
