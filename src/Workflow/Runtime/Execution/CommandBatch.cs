using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Workflow.Runtime.Execution;

/// <summary>
/// Statements sent together in one command (one round trip) inside a transaction, each with the number of rows it must
/// touch. A command whose total differs (a version check that matched no row, a bookmark already deleted) means another
/// writer changed the instance: <see cref="DbUpdateConcurrencyException"/>, and the caller's transaction is not committed.
/// </summary>
/// With <paramref name="prepared"/>, the statements run through commands kept (and parsed once) on the connection.
internal sealed class CommandBatch(DbTransaction transaction, PreparedCommands? prepared = null) : IAsyncDisposable
{
    // Well under SQL Server's 2,100 parameters per command; SQLite and PostgreSQL allow more.
    private const int MaxParameters = 1000;
    private DbCommand _command = NewCommand(transaction);
    private readonly StringBuilder _text = new();
    private int _expectedRows;

    /// <summary>Appends one statement expected to touch <paramref name="rows"/> rows; sends the batch when it is full.</summary>
    public async ValueTask AddAsync(int rows, Action<DbCommand, StringBuilder> append, CancellationToken cancellationToken)
    {
        append(_command, _text);
        _expectedRows += rows;
        // Kept commands run one statement each: an in-process database has no round trip to save, and binding is per statement.
        if (prepared is not null || _command.Parameters.Count >= MaxParameters) await FlushAsync(cancellationToken);
    }

    /// <summary>Sends what is appended and checks the rows touched.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_text.Length == 0) return;
        var (draft, expected, text) = (_command, _expectedRows, _text.ToString());
        _command = NewCommand(transaction);
        _text.Clear();
        _expectedRows = 0;
        if (prepared is not null)
        {
            await using (draft) await RunAsync(prepared.Take(text, draft, transaction), expected, cancellationToken);
            return;
        }
        draft.CommandText = text;
        await using (draft) await RunAsync(draft, expected, cancellationToken);
    }

    private static async Task RunAsync(DbCommand command, int expected, CancellationToken cancellationToken)
    {
        var rows = await command.ExecuteNonQueryAsync(cancellationToken);
        if (rows != expected)
            throw new DbUpdateConcurrencyException($"A workflow step touched {rows} row(s) instead of {expected}: another writer changed the instance first.");
    }

    private static DbCommand NewCommand(DbTransaction transaction)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        await _command.DisposeAsync();
    }
}
