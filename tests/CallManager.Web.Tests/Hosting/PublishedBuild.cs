using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CallManager.Web.Hosting;

namespace CallManager.Web.Tests.Hosting;

/// <summary>
/// <c>dotnet publish src/Web -c Release</c> into a temporary folder, once per test class, as an operator builds it: framework-
/// dependent, not trimmed (a Release build of src/Web beside the tests' Debug one; later runs reuse its incremental outputs).
/// </summary>
public sealed class PublishedBuild : IAsyncLifetime
{
    /// <summary>The published folder (the one an operator would copy to a server).</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "cm-publish-" + Guid.NewGuid().ToString("N"));

    /// <summary>How long publishing took.</summary>
    public TimeSpan Duration { get; private set; }

    public async Task InitializeAsync()
    {
        var root = ConfigurationSetup.FindRepositoryRoot() ?? throw new InvalidOperationException("CallManager.sln not found above the tests.");
        var watch = Stopwatch.StartNew();
        var (exit, output) = await RunAsync("dotnet", root, "publish", Path.Combine(root, "src", "Web", "CallManager.Web.csproj"),
            "-c", "Release", "-o", Folder, "--self-contained", "false", "-p:PublishTrimmed=false", "-nologo", "-v", "q");
        Duration = watch.Elapsed;
        if (exit != 0) throw new InvalidOperationException($"dotnet publish exited with {exit}:\n{output}");
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { } // a temporary folder: the system cleans it eventually
        return Task.CompletedTask;
    }

    /// <summary>Starts the published dll from <paramref name="workingDirectory"/> on a free port with <paramref name="settings"/> as command-line options.</summary>
    public PublishedProcess Start(string workingDirectory, IDictionary<string, string> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Folder, "CallManager.Web.dll"));
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        foreach (var (key, value) in settings) start.ArgumentList.Add($"--{key}={value}");
        // As an operator starts it: Production, nothing inherited from the test runner that would point it elsewhere.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return new PublishedProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Runs the published dll with <paramref name="args"/> (a command) from <paramref name="workingDirectory"/>; its exit code and output.</summary>
    public Task<(int Exit, string Output)> RunAsync(string workingDirectory, params string[] args) =>
        RunAsync("dotnet", workingDirectory, [Path.Combine(Folder, "CallManager.Web.dll"), .. args]);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>A running published app: its address and its output; disposing stops it.</summary>
public sealed class PublishedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    internal PublishedProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    /// <summary>What the app printed so far (stdout and stderr).</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>A client of the app.</summary>
    public HttpClient Client() => new() { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Waits until <c>/health</c> answers (any status), failing with the app's output if it exits or takes too long.</summary>
    public async Task WaitUntilServingAsync(TimeSpan patience)
    {
        using var client = Client();
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the published app exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await client.GetAsync("/health");
                return;
            }
            catch (HttpRequestException) { await Task.Delay(200); }
        }
        throw new TimeoutException($"the published app did not answer within {patience.TotalSeconds:F0} s:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(patience.Token);
        _process.Dispose();
    }
}
