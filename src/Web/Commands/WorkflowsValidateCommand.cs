using CallManager.Runtime.Definitions;
using CallManager.Web.Hosting;

namespace CallManager.Web.Commands;

/// <summary>
/// <c>workflows validate [files]</c>: checks definition files (default: <c>workflows/*.json</c>) and reports every one, valid or
/// with each of its problems (file, activity, JSON path, what to fix); exits 1 if any file is refused.
/// </summary>
public sealed class WorkflowsValidateCommand : ICliCommand
{
    public string Name => "workflows validate";

    public Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        var root = WorkflowsStartupTask.RepositoryRoot(services.GetRequiredService<IConfiguration>());
        var definitions = services.GetRequiredService<DefinitionFiles>();
        var files = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => Path.GetFullPath(a)).ToList();
        if (files.Count == 0) files = [.. definitions.Find(root)];
        var missing = files.Where(f => !File.Exists(f)).ToList();
        foreach (var file in missing) Console.Error.WriteLine($"{Path.GetRelativePath(root, file)}: file not found.");
        var results = definitions.Validate(root, files.Except(missing));
        foreach (var (file, problems) in results)
        {
            if (problems.Count == 0) Console.WriteLine($"{file}: valid.");
            foreach (var problem in problems) Console.Error.WriteLine(problem);
        }
        var refused = results.Count(r => r.Problems.Count > 0) + missing.Count;
        Console.WriteLine($"{files.Count} file(s) checked, {files.Count - refused} valid, {refused} refused, {results.Sum(r => r.Problems.Count) + missing.Count} problem(s).");
        return Task.FromResult(refused == 0 ? 0 : 1);
    }
}
