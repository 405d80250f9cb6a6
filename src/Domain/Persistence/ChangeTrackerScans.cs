using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CallManager.Domain.Persistence;

/// <summary>Reads of the change tracker that need no new pass of change detection (a save has just run one).</summary>
public static class ChangeTrackerScans
{
    /// <summary>Runs <paramref name="scan"/> over <paramref name="tracker"/> as it is: each <c>Entries()</c> call would otherwise detect changes over every tracked entity.</summary>
    public static T WithoutDetecting<T>(this ChangeTracker tracker, Func<T> scan)
    {
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return scan();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }
}
