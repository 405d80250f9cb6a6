using CallManager.Web.Hosting;
using CallManager.Workflow.Runtime.Definitions;

namespace CallManager.Web.Commands;

/// <summary><c>workflows validate [files]</c>: checks definition files (default: <c>workflows/*.json</c>), prints every problem, exits 1 if any.</summary>
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
        var problems = definitions.Validate(root, files.Except(missing));
        foreach (var problem in problems) Console.Error.WriteLine(problem);
        var bad = problems.Select(p => p.File).Distinct().Count() + missing.Count;
        Console.WriteLine($"{files.Count} file(s) checked, {files.Count - bad} valid, {problems.Count + missing.Count} problem(s).");
        return Task.FromResult(bad == 0 ? 0 : 1);
    }
}
