using CallManager.Workflow.Audit;
using CallManager.Workflow.Persistence;

namespace CallManager.Web.Commands;

/// <summary><c>audit verify</c>: re-computes the audit chain; exits 1 naming the first broken entry.</summary>
public sealed class AuditVerifyCommand : ICliCommand
{
    public string Name => "audit verify";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        var result = await services.GetRequiredService<AuditLog>().VerifyAsync(cancellationToken);
        if (result.Intact)
        {
            Console.WriteLine($"Audit chain intact: {result.EntriesChecked} entries verified.");
            return 0;
        }
        await Console.Error.WriteLineAsync($"Audit chain broken at entry {result.FirstBrokenSequence}: {result.Problem} ({result.EntriesChecked} entries before it are intact).");
        return 1;
    }
}
