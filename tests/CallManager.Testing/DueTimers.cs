using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace CallManager.Testing;

/// <summary>Fires the durable workflow timers that a fake clock has made due, as the Hangfire timer job would.</summary>
public static class DueTimers
{
    /// <summary>
    /// Fires every timer due at <paramref name="now"/> (only those of workflow definition <paramref name="definitionId"/> when
    /// given) once; returns how many fired.
    /// </summary>
    public static async Task<int> FireAsync(IServiceProvider services, DateTimeOffset now, string? definitionId = null)
    {
        List<WorkflowBookmark> due;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.RuntimeDb();
            var bookmarks = db.Set<WorkflowBookmark>().AsNoTracking().Where(b => b.DueAt != null);
            if (definitionId is not null)
                bookmarks = bookmarks.Where(b => db.Set<WorkflowInstance>().Any(i => i.Id == b.InstanceId && i.DefinitionId == definitionId));
            // Instants are compared in memory: not every provider orders DateTimeOffset in SQL.
            due = (await bookmarks.ToListAsync()).Where(b => b.DueAt <= now).ToList();
        }
        var runtime = services.GetRequiredService<WorkflowRuntime>();
        foreach (var bookmark in due) await runtime.FireTimerAsync(bookmark.InstanceId, bookmark.Id, CancellationToken.None);
        return due.Count;
    }

    /// <summary>Fires due timers round after round until none is left (a fired timer may set the next one, already due).</summary>
    public static async Task FireUntilQuietAsync(IServiceProvider services, DateTimeOffset now)
    {
        for (var round = 0; round < 20; round++)
            if (await FireAsync(services, now) == 0) return;
        Assert.Fail("Timers kept firing: a workflow loops on a timer that is always due.");
    }
}
