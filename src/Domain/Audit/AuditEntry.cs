namespace CallManager.Domain.Audit;

/// <summary>One state change (who, when, what, before, after), chained to the previous entry by its hash.</summary>
public class AuditEntry
{
    /// <summary>Position in the chain, from 1, without gaps (unique: two writers cannot both append entry n).</summary>
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>User id of the actor, or "system" for the workflow and start-up tasks.</summary>
    public string Actor { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";

    /// <summary>The call the change belongs to, for <c>GET /api/calls/{id}/audit</c>.</summary>
    public Guid? CallId { get; set; }
    public string Action { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }
    public string PreviousHash { get; set; } = "";

    /// <summary>The link of this entry's fields and <see cref="PreviousHash"/> (hex), computed as <see cref="LinkScheme"/> says.</summary>
    public string Hash { get; set; } = "";

    /// <summary>How <see cref="Hash"/> was computed: plain SHA-256 for entries written before the chain was keyed, HMAC since.</summary>
    public AuditLinkScheme LinkScheme { get; set; }

    /// <summary>The key the link was computed with, kept (not stored) so the save can re-link the entry under the chain's lock.</summary>
    internal AuditChainKey? LinkKey { get; set; }
}

/// <summary>How an audit entry's link is computed.</summary>
public enum AuditLinkScheme
{
    /// <summary>SHA-256 without a key: entries written before the upgrade that keyed the chain; anyone can recompute them.</summary>
    Sha256 = 0,

    /// <summary>HMAC-SHA256 with the chain key (<see cref="AuditChainKey"/>), which is not in the database.</summary>
    HmacSha256 = 1,
}
