using Xunit;

namespace CallManager.Testing;

/// <summary>A test that needs a live SQL Server: skipped, saying why, unless CALLMANAGER_TEST_SQLSERVER gives a connection string.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    /// <summary>The environment variable holding the SQL Server connection string.</summary>
    public const string Variable = "CALLMANAGER_TEST_SQLSERVER";

    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"No SQL Server can run on this machine; set {Variable} to a connection string to run this test against a live server.";
    }

    /// <summary>The connection string given by the environment.</summary>
    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable)!;
}
