using CallManager.Runtime.Storage;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Persistence.Providers;

/// <summary>The model on SQL Server; owns the migrations under Migrations/SqlServer.</summary>
public sealed class SqlServerCallManagerDbContext(DbContextOptions<SqlServerCallManagerDbContext> options) : CallManagerDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    /// <summary>Index filters in SQL Server's bracketed form (<see cref="SqlServerIndexFilters"/>).</summary>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        SqlServerIndexFilters.Bracket(modelBuilder);
    }
}
