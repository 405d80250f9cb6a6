namespace CallManager.Workflow.Audit;

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

    /// <summary>SHA-256 (hex) of this entry's fields and <see cref="PreviousHash"/>.</summary>
    public string Hash { get; set; } = "";
}
