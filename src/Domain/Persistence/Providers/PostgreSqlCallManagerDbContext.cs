using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Persistence.Providers;

/// <summary>The model on PostgreSQL; owns the migrations under Migrations/PostgreSql.</summary>
public sealed class PostgreSqlCallManagerDbContext(DbContextOptions<PostgreSqlCallManagerDbContext> options) : CallManagerDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
