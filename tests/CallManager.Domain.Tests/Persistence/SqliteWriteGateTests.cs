using CallManager.Domain.Persistence;
using CallManager.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Tests.Persistence;

/// <summary>
/// SQLite writers of one process queue for the file's write gate instead of sleeping in Microsoft.Data.Sqlite's busy
/// retries: a writer waits for the one in front, a writer that waits too long is told the file is busy (naming the gate),
/// and a transaction that ends any way (commit, rollback, disposal, its connection's close) lets the next one in.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly TestDatabase _database = TestDatabase.Create(DatabaseProvider.Sqlite);
    private readonly DatabaseOptions _options;

    public SqliteWriteGateTests()
    {
        // A one-second timeout, so that a writer kept waiting is refused quickly.
        _options = new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = new SqliteConnectionStringBuilder(_database.Options.ConnectionString) { DefaultTimeout = 1 }.ToString(),
        };
        using var db = Context();
        db.Database.ExecuteSqlRaw("CREATE TABLE Gate (Writer TEXT NOT NULL)");
    }

    public void Dispose() => _database.Dispose();

    private CallManagerDbContext Context() => DbContextOptionsFactory.Create(_options);

    private static Task InsertAsync(CallManagerDbContext db, string writer) => db.Database.ExecuteSqlAsync($"INSERT INTO Gate (Writer) VALUES ({writer})");

    private async Task<List<string>> WritersAsync()
    {
        await using var db = Context();
        return await db.Database.SqlQueryRaw<string>("SELECT Writer AS Value FROM Gate ORDER BY rowid").ToListAsync();
    }

    [Fact]
    public async Task A_writer_waits_for_the_transaction_in_front_of_it_and_goes_in_once_it_commits()
    {
        await using var first = Context();
        await using var second = Context();
        await using var transaction = await first.Database.BeginTransactionAsync();
        await InsertAsync(first, "first");

        var waiting = InsertAsync(second, "second"); // outside a transaction: SQLite's own, so it queues too
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        await transaction.CommitAsync();
        await waiting;

        Assert.Equal(["first", "second"], await WritersAsync());
    }

    [Fact]
    public async Task A_writer_kept_waiting_longer_than_the_timeout_is_told_the_file_is_busy_and_nothing_it_sent_is_written()
    {
        await using var first = Context();
        await using var second = Context();
        await using var transaction = await first.Database.BeginTransactionAsync();
        await InsertAsync(first, "first");

        var refused = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var other = await second.Database.BeginTransactionAsync();
            await InsertAsync(second, "second");
            await other.CommitAsync();
        });
        await transaction.CommitAsync();

        Assert.Equal(5, refused.SqliteErrorCode); // SQLITE_BUSY: callers retry it or answer "try again"
        Assert.Contains("another writer of this process", refused.Message);
        Assert.Equal(["first"], await WritersAsync());
    }

    [Fact]
    public async Task A_transaction_ended_by_rollback_by_disposal_or_by_its_connection_closing_lets_the_next_writer_in()
    {
        await using (var db = Context())
        {
            await using var rolledBack = await db.Database.BeginTransactionAsync();
            await InsertAsync(db, "rolled back");
            await rolledBack.RollbackAsync();
        }
        await using (var db = Context())
        {
            await using (await db.Database.BeginTransactionAsync())
                await InsertAsync(db, "disposed"); // an exception's path: disposed without commit or rollback
            // The same context begins again without waiting for itself.
            await using var again = await db.Database.BeginTransactionAsync();
            await InsertAsync(db, "same context");
            await again.CommitAsync();
        }
        var abandoned = Context();
        await abandoned.Database.BeginTransactionAsync();
        await InsertAsync(abandoned, "abandoned");
        await abandoned.DisposeAsync(); // its connection closes

        await using (var db = Context())
            await InsertAsync(db, "next");

        Assert.Equal(["same context", "next"], await WritersAsync());
    }

    [Fact]
    public async Task Writers_of_two_files_do_not_wait_for_each_other()
    {
        using var otherFile = TestDatabase.Create(DatabaseProvider.Sqlite);
        await using var elsewhere = DbContextOptionsFactory.Create(otherFile.Options);
        await elsewhere.Database.ExecuteSqlRawAsync("CREATE TABLE Gate (Writer TEXT NOT NULL)");
        await using var first = Context();
        await using var transaction = await first.Database.BeginTransactionAsync();
        await InsertAsync(first, "first");

        await InsertAsync(elsewhere, "elsewhere"); // would be refused after a second if the files shared a gate
        await transaction.CommitAsync();

        Assert.Equal(["first"], await WritersAsync());
    }
}
