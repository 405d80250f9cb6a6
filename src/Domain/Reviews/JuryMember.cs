namespace CallManager.Domain.Reviews;

/// <summary>A reviewer sitting on one call's jury; dossiers of the call stay hidden until <see cref="ConflictsConfirmedAt"/> is set.</summary>
public class JuryMember
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CallId { get; set; }

    /// <summary>The reviewer's account (<see cref="Accounts.AppUser"/> id).</summary>
    public string UserId { get; set; } = "";

    /// <summary>Themes of expertise, matched against dossiers' themes when assigning.</summary>
    public List<string> Themes { get; set; } = [];

    /// <summary>A personal load cap below the call's maximum, or null for the call's.</summary>
    public int? MaxLoad { get; set; }
    public string InvitedBy { get; set; } = "";
    public DateTimeOffset InvitedAt { get; set; }

    /// <summary>When the reviewer confirmed their declaration of conflicts for this call; null before.</summary>
    public DateTimeOffset? ConflictsConfirmedAt { get; set; }
}

/// <summary>Kind of link between a reviewer and an organisation.</summary>
public enum ConflictType
{
    Employee,
    BoardMember,
    Partner,
    Family,
    Other,
}

/// <summary>
/// A declared link between a reviewer and an organisation on a call: the reviewer is excluded from every dossier whose
/// lead or partner is that organisation (never assigned, never readable, not counted in its ranking).
/// </summary>
public class ConflictOfInterest
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CallId { get; set; }
    public string UserId { get; set; } = "";
    public Guid OrganisationId { get; set; }
    public ConflictType Type { get; set; }
    public string? Note { get; set; }

    /// <summary>Set by an administrator: the reviewer can no longer remove it.</summary>
    public bool Locked { get; set; }
    public string DeclaredBy { get; set; } = "";
    public DateTimeOffset DeclaredAt { get; set; }
}
