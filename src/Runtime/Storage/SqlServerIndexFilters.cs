using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Runtime.Storage;

/// <summary>
/// Index filters are written once, with standard double-quoted identifiers (<c>"DueAt" IS NOT NULL</c>, as SQLite and
/// PostgreSQL read them); SQL Server gets its own bracketed form (<c>[DueAt] IS NOT NULL</c>), which does not depend on
/// QUOTED_IDENTIFIER (sqlcmd runs scripts with it off unless told otherwise).
/// </summary>
public static partial class SqlServerIndexFilters
{
    /// <summary>Rewrites every index filter of <paramref name="modelBuilder"/>'s model with bracketed identifiers.</summary>
    public static void Bracket(ModelBuilder modelBuilder)
    {
        foreach (var index in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredIndexes()))
            if (index.GetFilter() is { } filter) index.SetFilter(QuotedIdentifier().Replace(filter, "[$1]"));
    }

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedIdentifier();
}
