using Microsoft.EntityFrameworkCore.Design;

namespace CallManager.Domain.Persistence.Providers;

// Used by `dotnet ef migrations add` only (scripts/add-migration.sh); never at run time.

/// <summary>Design-time factory for the SQLite migrations.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCallManagerDbContext>
{
    public SqliteCallManagerDbContext CreateDbContext(string[] args) =>
        (SqliteCallManagerDbContext)DbContextOptionsFactory.Create(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=design.db" });
}

/// <summary>Design-time factory for the PostgreSQL migrations.</summary>
public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlCallManagerDbContext>
{
    public PostgreSqlCallManagerDbContext CreateDbContext(string[] args) =>
        (PostgreSqlCallManagerDbContext)DbContextOptionsFactory.Create(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = "Host=localhost;Database=design" });
}

/// <summary>Design-time factory for the SQL Server migrations.</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerCallManagerDbContext>
{
    public SqlServerCallManagerDbContext CreateDbContext(string[] args) =>
        (SqlServerCallManagerDbContext)DbContextOptionsFactory.Create(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = "Server=localhost;Database=design;TrustServerCertificate=True" });
}
