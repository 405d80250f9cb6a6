using System.Text.Json.Nodes;

namespace CallManager.Domain.Privacy.Exports;

/// <summary>Everything held about one person: rows by table, and the files those rows own.</summary>
public sealed class PersonalData(string userId)
{
    /// <summary>The person's user id.</summary>
    public string UserId { get; } = userId;

    /// <summary>The rows about the person, by table name (every column, other people's ids replaced).</summary>
    public SortedDictionary<string, List<JsonObject>> Tables { get; } = new(StringComparer.Ordinal);

    /// <summary>The files the rows own (documents uploaded, reports, generated letters), to be copied into the archive.</summary>
    public List<PersonalFile> Files { get; } = [];

    /// <summary>What is held but left out, and why (shown in the summary).</summary>
    public List<string> Withheld { get; } = [];

    /// <summary>Adds rows to <paramref name="table"/> (the table is listed even when empty, so the person sees it was looked at).</summary>
    public void Add(string table, IEnumerable<JsonObject> rows)
    {
        if (!Tables.TryGetValue(table, out var list)) Tables[table] = list = [];
        list.AddRange(rows);
    }

    /// <summary>The number of rows, all tables together.</summary>
    public int RowCount => Tables.Values.Sum(t => t.Count);
}

/// <summary>
/// One file of the person's: where it goes in the archive, the row that owns it, and where its bytes are (a key of the
/// attachment store, or the bytes themselves for generated documents).
/// </summary>
public sealed record PersonalFile(string Path, string Table, string RowId, string? StorageKey, byte[]? Content);
