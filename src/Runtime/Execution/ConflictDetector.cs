using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Runtime.Execution;

/// <summary>Recognises the errors that mean "another writer got there first": worth re-running the step from a clean scope.</summary>
public static class ConflictDetector
{
    /// <summary>A concurrency-token miss, a unique-key race, a busy SQLite file, a PostgreSQL serialization failure or deadlock.</summary>
    public static bool IsConflict(Exception e) => e switch
    {
        DbUpdateConcurrencyException => true,
        DbUpdateException { InnerException: { } inner } => IsConflict(inner),
        SqliteException s => s.SqliteErrorCode is 5 or 6 || (s.SqliteErrorCode == 19 && s.Message.Contains("UNIQUE", StringComparison.Ordinal)),
        Npgsql.PostgresException p => p.SqlState is "23505" or "40001" or "40P01",
        Microsoft.Data.SqlClient.SqlException q => q.Number is 2601 or 2627 or 1205,
        InvalidOperationException { InnerException: { } inner } => IsConflict(inner),
        _ => false,
    };
}
