namespace CallManager.Domain.Common;

/// <summary>A mutable aggregate whose <see cref="Version"/> is an optimistic concurrency token, bumped on every save.</summary>
public interface IVersioned
{
    /// <summary>Incremented by the DbContext each time the row is updated; a stale copy fails to save.</summary>
    long Version { get; set; }
}
