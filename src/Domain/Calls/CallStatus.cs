namespace CallManager.Domain.Calls;

/// <summary>Where a call stands: prepared, open to the public (the workflow drives its phases), or closed.</summary>
public enum CallStatus
{
    Draft,
    Published,
    Closed,
}
