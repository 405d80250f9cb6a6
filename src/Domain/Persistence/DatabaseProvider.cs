namespace CallManager.Domain.Persistence;

/// <summary>The database engines CallManager supports.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded default: one file, no server.</summary>
    Sqlite,
    /// <summary>Production engine, tested live.</summary>
    PostgreSql,
    /// <summary>Production engine; migrations and DDL checked, live tests only when a server is given.</summary>
    SqlServer,
}
