using CallManager.Domain.Audit;
using CallManager.Domain.Persistence;

namespace CallManager.Web.Commands;

/// <summary>
/// <c>audit verify</c>: re-computes the audit chain with the chain key and compares it with the latest head written outside
/// the database; exits 1 naming the first entry it cannot vouch for.
/// </summary>
public sealed class AuditVerifyCommand : ICliCommand
{
    public string Name => "audit verify";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        var result = await services.GetRequiredService<AuditLog>().VerifyAsync(cancellationToken);
        var head = result.Head is { } h
            ? $"compared with the head written on {h.WrittenAt:u} ({h.Reason}, entry {h.Sequence})"
            : "no head written outside the database to compare with";
        if (result.Intact)
        {
            Console.WriteLine($"Audit chain intact: {result.EntriesChecked} entries verified, {head}.");
            return 0;
        }
        await Console.Error.WriteLineAsync($"Audit chain broken at entry {result.FirstBrokenSequence}: {result.Problem} ({result.EntriesChecked} entries before it are intact; {head}).");
        return 1;
    }
}
