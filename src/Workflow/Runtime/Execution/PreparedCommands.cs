using System.Data.Common;

namespace CallManager.Workflow.Runtime.Execution;

/// <summary>
/// Commands kept on one long-lived connection, one per distinct text, so the database parses a statement once and
/// re-runs it with new parameters (SQLite keeps a command's prepared statements while its text is unchanged).
/// </summary>
internal sealed class PreparedCommands(DbConnection connection) : IDisposable
{
    // Step shapes are few (rows per journal insert, bookmarks per step); a bound keeps odd shapes from piling up.
    private const int MaxCommands = 256;
    private readonly Dictionary<string, DbCommand> _byText = new(StringComparer.Ordinal);

    /// <summary>The command of <paramref name="text"/> in <paramref name="transaction"/>, holding the parameters of <paramref name="draft"/> (which loses them).</summary>
    public DbCommand Take(string text, DbCommand draft, DbTransaction transaction)
    {
        if (!_byText.TryGetValue(text, out var command))
        {
            if (_byText.Count >= MaxCommands) Dispose();
            command = connection.CreateCommand();
            command.CommandText = text;
            _byText[text] = command;
        }
        command.Transaction = transaction;
        var parameters = new DbParameter[draft.Parameters.Count];
        for (var i = 0; i < parameters.Length; i++) parameters[i] = draft.Parameters[i];
        draft.Parameters.Clear();
        command.Parameters.Clear();
        foreach (var parameter in parameters) command.Parameters.Add(parameter);
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _byText.Values) command.Dispose();
        _byText.Clear();
    }
}
