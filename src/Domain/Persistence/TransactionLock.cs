using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Persistence;

/// <summary>
/// A named lock in the database, held by the current transaction until it commits or rolls back, so one change at a
/// time runs under that name across every host on the database. PostgreSQL: a transaction-level advisory lock on the
/// name's 64-bit hash; SQL Server: an exclusive application lock owned by the transaction; SQLite: nothing more is needed,
/// since a transaction begun by Microsoft.Data.Sqlite (<c>BEGIN IMMEDIATE</c>) already holds the database's only write lock.
/// </summary>
public static class TransactionLock
{
    /// <summary>Waits for the lock named <paramref name="name"/> (at most 255 characters) inside the current transaction.</summary>
    public static async Task TakeAsync(CallManagerDbContext db, string name, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException($"The lock '{name}' is held by a transaction: begin one first.");
        switch (db.Provider)
        {
            case DatabaseProvider.PostgreSql:
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtextextended({0}, 0))", [name], ct);
                break;
            case DatabaseProvider.SqlServer:
                await db.Database.ExecuteSqlRawAsync(SqlServerSql, [name], ct);
                break;
        }
    }

    /// <summary>The SQL Server statement: <c>sp_getapplock</c> reports a timeout (30 s) or a deadlock by its result, raised here as an error.</summary>
    public const string SqlServerSql =
        "DECLARE @result int; " +
        "EXEC @result = sp_getapplock @Resource = {0}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000; " +
        "IF @result < 0 THROW 51000, 'Timed out waiting for a database lock held by another request.', 1;";
}
