using Microsoft.EntityFrameworkCore;

namespace CallManager.Workflow.Persistence.Providers;

/// <summary>The model on SQL Server; owns the migrations under Migrations/SqlServer.</summary>
public sealed class SqlServerCallManagerDbContext(DbContextOptions<SqlServerCallManagerDbContext> options) : CallManagerDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;
}
