using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CallManager.Testing;

/// <summary>
/// A real PostgreSQL server for the tests of one process: initdb into a temporary folder, a free port on
/// 127.0.0.1, stopped when the process exits. Each test asks for its own database.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> Shared = new(() => new PostgresServer(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private bool _stopped;

    /// <summary>The server shared by every test of this process (started on first use).</summary>
    public static PostgresServer Instance => Shared.Value;

    /// <summary>The TCP port the server listens on (127.0.0.1).</summary>
    public int Port { get; }

    private PostgresServer()
    {
        _bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin. Install them with: apt-get install -y postgresql (scripts/test.sh does it for you).");
        _root = Path.Combine(Path.GetTempPath(), $"cm-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        _data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        Port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "-R", "postgres", _root);
        Shell($"{_bin}/initdb -D {_data} -U postgres -A trust -E UTF8 --no-locale", asRoot);
        Shell($"{_bin}/pg_ctl -D {_data} -l {_root}/server.log -w -o \"-c listen_addresses=127.0.0.1 -p {Port} -k {_root} -c fsync={Fsync} -c max_connections=300\" start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>
    /// Whether the server syncs its WAL to disk: off for the tests (a process kill loses nothing, a power cut may);
    /// <c>CALLMANAGER_PG_FSYNC=on</c> measures with the durability a production server has (benchmarks).
    /// </summary>
    public static string Fsync => Environment.GetEnvironmentVariable("CALLMANAGER_PG_FSYNC") == "on" ? "on" : "off";

    /// <summary>A connection string to the maintenance database.</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    /// <summary>Creates a new empty database and returns its connection string.</summary>
    public string CreateDatabase(string? prefix = null)
    {
        var name = $"{prefix ?? "t"}_{Guid.NewGuid():N}".ToLowerInvariant();
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Maximum Pool Size=50";
    }

    public void Dispose()
    {
        if (_stopped) return;
        _stopped = true;
        try
        {
            NpgsqlConnection.ClearAllPools();
            Shell($"{_bin}/pg_ctl -D {_data} -m immediate -w stop", Environment.UserName == "root");
            Directory.Delete(_root, recursive: true);
        }
        catch
        {
            // best effort at process exit: the temporary folder is in /tmp
        }
    }

    private static string? FindBinaries() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Shell(string command, bool asPostgres)
    {
        if (asPostgres) Run("su", "postgres", "-s", "/bin/sh", "-c", command);
        else Run("/bin/sh", "-c", command);
    }

    private static void Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000)) { process.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 60 s"); }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output.Result}");
    }
}
