using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Privacy;

namespace CallManager.Web.Commands;

/// <summary><c>retention [--dry-run]</c>: lists what the retention rules remove and why; without <c>--dry-run</c>, removes it (audited).</summary>
public sealed class RetentionCommand : ICliCommand
{
    public string Name => "retention";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        var dryRun = args.Contains("--dry-run", StringComparer.OrdinalIgnoreCase);
        var unknown = args.Where(a => !a.Equals("--dry-run", StringComparison.OrdinalIgnoreCase) && !a.Contains(':') && !a.Contains('=')).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown argument {unknown[0]}; usage: retention [--dry-run]");
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        var retention = services.GetRequiredService<RetentionService>();
        var plan = dryRun ? await retention.DryRunAsync(Actor.System, cancellationToken) : await retention.RunAsync(Actor.System, cancellationToken);
        Console.WriteLine(dryRun ? $"Retention dry run at {plan.At:u}: nothing removed." : $"Retention run at {plan.At:u}: removed and audited.");
        foreach (var rule in plan.Rules)
        {
            Console.WriteLine($"{rule} — {plan.Counts[rule.Category]} {(dryRun ? "would go" : "removed")}");
            foreach (var item in plan.Items.Where(i => i.Category == rule.Category))
                Console.WriteLine($"  {item.EntityType} {item.EntityId} {item.Label}: {rule.Event} {item.EventAt:u}, kept until {item.DueAt:u}");
        }
        return 0;
    }
}
