using System.Collections.Concurrent;

namespace CallManager.Runtime.Expressions;

/// <summary>
/// The scripts evaluating now in this host, by workflow instance: cancelling an instance stops its running script at once
/// (Jint checks the token as it runs, built-ins included) instead of letting it run to its time limit.
/// </summary>
public sealed class RunningScripts
{
    private readonly ConcurrentDictionary<(Guid Instance, long Run), CancellationTokenSource> _running = new();
    private long _next;

    /// <summary>The instances with a script running now.</summary>
    public IReadOnlyCollection<Guid> Instances => _running.Keys.Select(k => k.Instance).Distinct().ToList();

    /// <summary>Marks a script of <paramref name="instanceId"/> as running until the lease is disposed; <see cref="Cancel"/> cancels its token.</summary>
    public Lease Enter(Guid instanceId)
    {
        var key = (instanceId, Interlocked.Increment(ref _next));
        var source = new CancellationTokenSource();
        _running[key] = source;
        return new Lease(this, key, source);
    }

    /// <summary>Cancels every script of <paramref name="instanceId"/> running in this host; returns how many were.</summary>
    public int Cancel(Guid instanceId)
    {
        var cancelled = 0;
        foreach (var (key, source) in _running)
        {
            if (key.Instance != instanceId) continue;
            try { source.Cancel(); cancelled++; }
            catch (ObjectDisposedException) { } // the script ended between the look-up and the cancel: nothing left to stop
        }
        return cancelled;
    }

    /// <summary>One running script: its token, released when disposed.</summary>
    public sealed class Lease(RunningScripts owner, (Guid, long) key, CancellationTokenSource source) : IDisposable
    {
        /// <summary>Cancelled when the script's workflow is cancelled.</summary>
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            owner._running.TryRemove(key, out _);
            source.Dispose();
        }
    }
}
