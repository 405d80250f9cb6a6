using System.Buffers;
using System.Text;
using CallManager.Runtime.Execution;
using CallManager.Runtime.Instances;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace CallManager.Runtime.Sqlite;

/// <summary>
/// The group-commit writer's statements (SQLite only), prepared once on its long-lived connection and run through
/// SQLite's own API, because per-statement command, parameter and reader objects were a large share of the writer's time
/// (docs/benchmarks.md). The values are the ones EF Core stores (<see cref="TableSql"/> converts them); a test compares rows written both ways.
/// The statements live as long as the connection; one caller at a time uses them (the writer's leader).
/// </summary>
internal sealed class SqliteStatements(SqliteConnection connection) : IStepStatements, IDisposable
{
    // Statement shapes are few (bookmarks added per step); a bound keeps odd shapes from piling up.
    private const int MaxStatements = 256;

    // Keyed by the text's reference: every text comes from a cache (TableSql, StepRows), so no long string is hashed per statement.
    private readonly Dictionary<string, SqliteStatement> _byText = new(ReferenceEqualityComparer.Instance);

    /// <summary>The prepared statement of <paramref name="sql"/> (prepared on first use), reset and ready to bind.</summary>
    public SqliteStatement Get(string sql)
    {
        if (_byText.TryGetValue(sql, out var statement)) return statement;
        if (_byText.Count >= MaxStatements) Dispose();
        var db = connection.Handle ?? throw new InvalidOperationException("The writer's connection is not open.");
        var rc = raw.sqlite3_prepare_v3(db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var handle, out var tail);
        SqliteException.ThrowExceptionForRC(rc, db);
        if (!string.IsNullOrWhiteSpace(tail))
        {
            handle.Dispose();
            throw new ArgumentException($"One statement per text: '{tail}' follows it.", nameof(sql));
        }
        return _byText[sql] = new SqliteStatement(db, handle);
    }

    public ValueTask InsertAsync<T>(TableSql table, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0) return ValueTask.CompletedTask;
        var statement = Get(table.InsertSql(rows.Count));
        table.BindInsert(statement, rows);
        return Expect(statement.Execute(), rows.Count);
    }

    public ValueTask UpdateVersionedAsync(TableSql table, WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var statement = Get(table.VersionedUpdateSql(StepWriter.ChangedColumns, nameof(WorkflowInstance.Id), nameof(WorkflowInstance.Version)));
        var index = 1;
        foreach (var name in StepWriter.ChangedColumns) table.BindProperty(statement, index++, name, instance);
        table.Bind(statement, index++, nameof(WorkflowInstance.Version), instance.Version + 1);
        table.BindProperty(statement, index++, nameof(WorkflowInstance.Id), instance);
        table.BindProperty(statement, index, nameof(WorkflowInstance.Version), instance);
        return Expect(statement.Execute(), 1);
    }

    public ValueTask DeleteAsync(TableSql table, string key, object row, CancellationToken cancellationToken)
    {
        var statement = Get(table.DeleteSql(key));
        table.BindProperty(statement, 1, key, row);
        return Expect(statement.Execute(), 1);
    }

    private static ValueTask Expect(int rows, int expected) =>
        rows == expected ? ValueTask.CompletedTask : ValueTask.FromException(CommandBatch.ConcurrencyConflict(rows, expected));

    public void Dispose()
    {
        foreach (var statement in _byText.Values) statement.Dispose();
        _byText.Clear();
    }
}

/// <summary>One prepared statement: bind by position (1-based), run, read the current row's columns.</summary>
internal sealed class SqliteStatement(sqlite3 db, sqlite3_stmt handle) : IDisposable
{
    /// <summary>Binds <paramref name="value"/>, a value as the model stores it (after its converter), to parameter <paramref name="index"/>.</summary>
    public void Bind(int index, object? value)
    {
        var rc = value switch
        {
            null => raw.sqlite3_bind_null(handle, index),
            string s => BindText(index, s),
            long l => raw.sqlite3_bind_int64(handle, index, l),
            int i => raw.sqlite3_bind_int64(handle, index, i),
            Guid g => BindGuid(index, g),
            bool b => raw.sqlite3_bind_int64(handle, index, b ? 1 : 0),
            double d => raw.sqlite3_bind_double(handle, index, d),
            short s => raw.sqlite3_bind_int64(handle, index, s),
            byte b => raw.sqlite3_bind_int64(handle, index, b),
            byte[] bytes => raw.sqlite3_bind_blob(handle, index, bytes),
            _ => throw new NotSupportedException($"The writer's statements do not bind {value.GetType().Name} values."),
        };
        SqliteException.ThrowExceptionForRC(rc, db);
    }

    /// <summary>Binds UTF-8 text converted on the stack or in a pooled buffer (SQLite copies it), no array per value.</summary>
    private int BindText(int index, string value)
    {
        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (most <= 1024)
        {
            Span<byte> text = stackalloc byte[most];
            return raw.sqlite3_bind_text(handle, index, text[..Encoding.UTF8.GetBytes(value, text)]);
        }
        var rented = ArrayPool<byte>.Shared.Rent(most);
        try
        {
            return raw.sqlite3_bind_text(handle, index, rented.AsSpan(0, Encoding.UTF8.GetBytes(value, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Microsoft.Data.Sqlite writes a Guid mapped to TEXT in its upper-case "D" form.</summary>
    private int BindGuid(int index, Guid value)
    {
        Span<byte> text = stackalloc byte[36];
        value.TryFormat(text, out _, "D");
        for (var i = 0; i < text.Length; i++)
            if (text[i] is >= (byte)'a' and <= (byte)'f') text[i] -= 'a' - 'A';
        return raw.sqlite3_bind_text(handle, index, text);
    }

    /// <summary>Runs a statement that returns no rows; returns the rows it changed.</summary>
    public int Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(handle);
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc == raw.SQLITE_ROW ? raw.SQLITE_MISUSE : rc, db);
            return raw.sqlite3_changes(db);
        }
        finally
        {
            raw.sqlite3_reset(handle);
        }
    }

    /// <summary>Moves to the next row of a query; false at its end. <see cref="Reset"/> once done with the rows.</summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(handle);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, db);
        return false;
    }

    /// <summary>Ends a query early or after its last row (releases its cursor; the bindings are replaced by the next run).</summary>
    public void Reset() => raw.sqlite3_reset(handle);

    public bool IsNull(int column) => raw.sqlite3_column_type(handle, column) == raw.SQLITE_NULL;
    public long GetInt64(int column) => raw.sqlite3_column_int64(handle, column);
    public double GetDouble(int column) => raw.sqlite3_column_double(handle, column);
    public string GetString(int column) => raw.sqlite3_column_text(handle, column).utf8_to_string();

    /// <summary>A Guid stored as text (parsed from its UTF-8 bytes, no string) or as 16 bytes.</summary>
    public Guid GetGuid(int column) => raw.sqlite3_column_type(handle, column) == raw.SQLITE_BLOB
        ? new Guid(raw.sqlite3_column_blob(handle, column))
        : Guid.Parse(raw.sqlite3_column_blob(handle, column)); // a text column's blob is its bytes

    public byte[] GetBlob(int column) => raw.sqlite3_column_blob(handle, column).ToArray();

    public void Dispose() => handle.Dispose();
}
