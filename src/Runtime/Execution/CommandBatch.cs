using System.Data.Common;
using System.Text;
using CallManager.Runtime.Instances;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Runtime.Execution;

/// <summary>
/// A step's statements (<see cref="IStepStatements"/>) through ADO.NET, for every provider: sent together in one command
/// (one round trip) inside a transaction, with the number of rows they must touch; <see cref="FlushAsync"/> sends what is left.
/// </summary>
internal sealed class CommandBatch(DbConnection connection, DbTransaction? transaction) : IStepStatements, IAsyncDisposable
{
    public CommandBatch(DbTransaction transaction) : this(transaction.Connection!, transaction)
    {
    }

    // Well under SQL Server's 2,100 parameters per command; SQLite and PostgreSQL allow more.
    private const int MaxParameters = 1000;
    private DbCommand _command = NewCommand(connection, transaction);
    private readonly StringBuilder _text = new();
    private int _expectedRows;

    public ValueTask InsertAsync<T>(TableSql table, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class =>
        AddAsync(rows.Count, (command, text) => table.AppendInsert(command, text, rows), cancellationToken);

    /// <summary>UPDATE ... WHERE Id = @id AND Version = @read: zero rows means another writer committed first.</summary>
    public ValueTask UpdateVersionedAsync(TableSql table, WorkflowInstance instance, CancellationToken cancellationToken) =>
        AddAsync(1, (command, text) =>
        {
            text.Append("UPDATE ").Append(table.Table).Append(" SET ");
            foreach (var name in StepWriter.ChangedColumns) text.Append(table.Column(name)).Append(" = ").Append(table.Parameter(command, name, instance)).Append(", ");
            var version = table.Column(nameof(WorkflowInstance.Version));
            text.Append(version).Append(" = ").Append(table.Value(command, nameof(WorkflowInstance.Version), instance.Version + 1))
                .Append(" WHERE ").Append(table.Column(nameof(WorkflowInstance.Id))).Append(" = ").Append(table.Parameter(command, nameof(WorkflowInstance.Id), instance))
                .Append(" AND ").Append(version).Append(" = ").Append(table.Parameter(command, nameof(WorkflowInstance.Version), instance)).Append(";\n");
        }, cancellationToken);

    public ValueTask DeleteAsync(TableSql table, string key, object row, CancellationToken cancellationToken) =>
        AddAsync(1, (command, text) => text.Append("DELETE FROM ").Append(table.Table).Append(" WHERE ").Append(table.Column(key))
            .Append(" = ").Append(table.Parameter(command, key, row)).Append(";\n"), cancellationToken);

    /// <summary>
    /// PostgreSQL: each statement goes as its own command of one <see cref="DbBatch"/> (still one round trip), with its
    /// parameters numbered from the first: the same statement then has the same text in every batch, and the connection's
    /// automatic preparation lets the server skip parsing and planning it. Appended into one text, its placeholders would
    /// depend on its place in the batch.
    /// </summary>
    private readonly List<(string Sql, DbParameter[] Parameters)>? _statements = connection is Npgsql.NpgsqlConnection ? [] : null;
    private int _parameters;

    /// <summary>Appends one statement expected to touch <paramref name="rows"/> rows; sends the batch when it is full.</summary>
    private async ValueTask AddAsync(int rows, Action<DbCommand, StringBuilder> append, CancellationToken cancellationToken)
    {
        append(_command, _text);
        _expectedRows += rows;
        if (_statements is not null)
        {
            var parameters = _command.Parameters.Cast<DbParameter>().ToArray();
            _command.Parameters.Clear();
            _statements.Add((_text.ToString(), parameters));
            _text.Clear();
            _parameters += parameters.Length;
        }
        if ((_statements is null ? _command.Parameters.Count : _parameters) >= MaxParameters) await FlushAsync(cancellationToken);
    }

    /// <summary>Sends what is appended and checks the rows touched.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_statements is { Count: > 0 })
        {
            var expectedRows = _expectedRows;
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var (sql, parameters) in _statements)
            {
                var statement = batch.CreateBatchCommand();
                statement.CommandText = sql;
                statement.Parameters.AddRange(parameters);
                batch.BatchCommands.Add(statement);
            }
            _statements.Clear();
            (_expectedRows, _parameters) = (0, 0);
            var touched = await batch.ExecuteNonQueryAsync(cancellationToken);
            if (touched != expectedRows) throw ConcurrencyConflict(touched, expectedRows);
            return;
        }
        if (_text.Length == 0) return;
        var (command, expected) = (_command, _expectedRows);
        command.CommandText = _text.ToString();
        _command = NewCommand(connection, transaction);
        _text.Clear();
        _expectedRows = 0;
        await using (command)
        {
            var rows = await command.ExecuteNonQueryAsync(cancellationToken);
            if (rows != expected) throw ConcurrencyConflict(rows, expected);
        }
    }

    /// <summary>The error of a step whose statements touched <paramref name="rows"/> rows instead of <paramref name="expected"/>.</summary>
    public static DbUpdateConcurrencyException ConcurrencyConflict(int rows, int expected) =>
        new($"A workflow step touched {rows} row(s) instead of {expected}: another writer changed the instance first.");

    /// <summary>The statements appended and not sent yet, with their parameters (for the tests of each provider's SQL).</summary>
    internal (string Sql, DbParameterCollection Parameters) Pending => _statements is null
        ? (_text.ToString(), _command.Parameters)
        : throw new InvalidOperationException("On PostgreSQL the statements wait as separate commands of a batch.");

    private static DbCommand NewCommand(DbConnection connection, DbTransaction? transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        await _command.DisposeAsync();
    }
}
