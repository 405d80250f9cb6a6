namespace CallManager.Benchmarks;

/// <summary>One benchmark suite, run by name: <c>dotnet run -c Release --project tests/CallManager.Benchmarks -- NAME</c>.</summary>
public interface IBenchmark
{
    /// <summary>The name on the command line, e.g. "runtime" or "optimisation".</summary>
    string Name { get; }

    /// <summary>Runs the suite and prints one line per figure as <c>name: value</c>.</summary>
    Task RunAsync(string[] args);
}
