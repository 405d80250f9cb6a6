using System.Collections.Concurrent;

namespace CallManager.Runtime.Expressions;

/// <summary>
/// The scripts evaluating now in this host, by workflow instance: cancelling an instance stops its running script at once
/// (Jint checks the token as it runs, built-ins included) instead of letting it run to its time limit.
/// </summary>
public sealed class RunningScripts
{
    private readonly ConcurrentDictionary<(Guid Instance, long Run), CancellationTokenSource> _running = new();
    private readonly ConcurrentDictionary<Guid, int> _cancelling = new();
    private long _next;

    /// <summary>The instances with a script running now.</summary>
    public IReadOnlyCollection<Guid> Instances => _running.Keys.Select(k => k.Instance).Distinct().ToList();

    /// <summary>Marks a script of <paramref name="instanceId"/> as running until the lease is disposed; <see cref="Cancel"/> cancels its token.</summary>
    public Lease Enter(Guid instanceId)
    {
        var key = (instanceId, Interlocked.Increment(ref _next));
        var source = new CancellationTokenSource();
        _running[key] = source;
        // A step that starts again while its instance is being cancelled (e.g. the group path's attempt, stopped, retried on
        // the scoped path before the cancel could commit) stops at once instead of running to its time limit.
        if (_cancelling.ContainsKey(instanceId)) source.Cancel();
        return new Lease(this, key, source);
    }

    /// <summary>
    /// Cancels the scripts of <paramref name="instanceId"/> running now and any that start until the returned handle is
    /// disposed, i.e. while the cancellation of the instance is being committed.
    /// </summary>
    public IDisposable Cancelling(Guid instanceId)
    {
        _cancelling.AddOrUpdate(instanceId, 1, (_, n) => n + 1);
        Cancel(instanceId);
        return new CancellingHandle(this, instanceId);
    }

    private sealed class CancellingHandle(RunningScripts owner, Guid instanceId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            while (true)
            {
                var n = owner._cancelling.GetValueOrDefault(instanceId);
                if (n <= 1 ? owner._cancelling.TryRemove(new KeyValuePair<Guid, int>(instanceId, n)) : owner._cancelling.TryUpdate(instanceId, n - 1, n)) return;
            }
        }
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
