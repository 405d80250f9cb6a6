using System.Threading.Channels;
using CallManager.Runtime.Execution;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallManager.Runtime.Sqlite;

/// <summary>
/// Runs SQLite's WAL checkpoints beside the group-commit writer instead of inside its commits, where they stalled every
/// caller of a batch: every <see cref="CommitsPerCheckpoint"/> commits a <c>PASSIVE</c> checkpoint (which never blocks
/// a writer or a reader) runs on its own connection; the writer's automatic checkpoint at <see cref="BackstopPages"/>
/// pages bounds the WAL if this class falls behind. Durability is unchanged: a commit is in the WAL before its caller returns.
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    /// <summary>Group commits between two background checkpoints (about 50 pages each under load: 800 pages, near SQLite's 1,000).</summary>
    public const int CommitsPerCheckpoint = 16;

    /// <summary>The writer's own automatic checkpoint, kept as a backstop (pages of the WAL).</summary>
    public const int BackstopPages = 4000;

    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly string _connectionString;
    private readonly string _synchronous;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private int _commits;
    private long _checkpoints;

    public WalCheckpointer(string connectionString, string synchronous, ILogger? logger = null)
    {
        (_connectionString, _synchronous, _logger) = (connectionString, synchronous, logger ?? NullLogger.Instance);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The statement that makes the writer's connection checkpoint only past the backstop.</summary>
    public static string WriterPragma => $"PRAGMA wal_autocheckpoint={BackstopPages};";

    /// <summary>Background checkpoints run so far, and the WAL frames the last one found and copied (for tests and diagnostics).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    public (int WalFrames, int Copied) Last { get; private set; }

    /// <summary>Called by the writer after each commit; every <see cref="CommitsPerCheckpoint"/>th one asks for a checkpoint (never waits).</summary>
    public void Committed()
    {
        if (++_commits % CommitsPerCheckpoint == 0) _requests.Writer.TryWrite(true);
    }

    private async Task RunAsync()
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA synchronous={_synchronous};"; // how the checkpoint syncs: as the writer's commits do
            await command.ExecuteNonQueryAsync();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await foreach (var _ in _requests.Reader.ReadAllAsync())
            {
                try
                {
                    await using var reader = await command.ExecuteReaderAsync();
                    if (await reader.ReadAsync()) Last = (reader.GetInt32(1), reader.GetInt32(2)); // busy, WAL frames, frames copied
                    Interlocked.Increment(ref _checkpoints);
                }
                catch (SqliteException e)
                {
                    // Another connection checkpointing, a locked file: harmless, the next request or the backstop does it.
                    _logger.LogDebug(e, "Background WAL checkpoint skipped: {Message}", e.Message);
                }
            }
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "Background WAL checkpoints stopped; the writer's automatic checkpoint takes over: {Message}", e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _loop;
    }
}
