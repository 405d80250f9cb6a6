namespace CallManager.Domain.Calls;

/// <summary>An individual extension of the submission deadline for one organisation, granted by an administrator with a reason.</summary>
public class LateException
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CallId { get; set; }
    public Guid OrganisationId { get; set; }

    /// <summary>Submissions of this organisation are accepted until this instant.</summary>
    public DateTimeOffset Until { get; set; }
    public string Reason { get; set; } = "";
    public string GrantedBy { get; set; } = "";
    public DateTimeOffset GrantedAt { get; set; }
}
