using System.Globalization;

namespace CallManager.Domain.Audit;

/// <summary>
/// The chain's end as written outside the database: the last entry's position and hash, the last entry linked without a key
/// (<see cref="LegacyUntil"/>: every later entry must be keyed), when and why it was written, signed with the chain key.
/// </summary>
public sealed record AuditHead(long Sequence, string Hash, long LegacyUntil, DateTimeOffset WrittenAt, string Reason, string KeyId, string Signature)
{
    /// <summary>The signed text: every field but the signature, in a fixed order.</summary>
    public string SignedText() => string.Join('\u001f', Sequence.ToString(CultureInfo.InvariantCulture), Hash,
        LegacyUntil.ToString(CultureInfo.InvariantCulture), WrittenAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), Reason, KeyId);

    /// <summary>Whether <see cref="Signature"/> was made with <paramref name="key"/>.</summary>
    public bool IsSignedBy(AuditChainKey key) => key.SignHead(SignedText()) == Signature;
}
