using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Persistence.Providers;

/// <summary>The model on SQL Server; owns the migrations under Migrations/SqlServer.</summary>
public sealed partial class SqlServerCallManagerDbContext(DbContextOptions<SqlServerCallManagerDbContext> options) : CallManagerDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    /// <summary>
    /// Index filters are written once, with standard double-quoted identifiers (<c>"Status" &lt;&gt; 'Cancelled'</c>, as
    /// SQLite and PostgreSQL read them); SQL Server gets its own bracketed form (<c>[Status] &lt;&gt; 'Cancelled'</c>), which
    /// does not depend on QUOTED_IDENTIFIER (sqlcmd runs scripts with it off unless told otherwise).
    /// </summary>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        foreach (var index in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetDeclaredIndexes()))
            if (index.GetFilter() is { } filter) index.SetFilter(QuotedIdentifier().Replace(filter, "[$1]"));
    }

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedIdentifier();
}
