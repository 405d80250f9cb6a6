using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Tests.Runtime;
using CallManager.Runtime.Outbox;
using CallManager.Runtime.Stimuli;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Grants;

/// <summary>
/// Publishing decisions records each selected dossier's DossierSelected stimulus in the publication's own transaction
/// (the workflow outbox): the process stopped right after that commit, before any delivery, then restarted, the
/// dispatcher's pass gives every dossier's workflow its decision exactly once.
/// </summary>
[Collection(RuntimeCollection.Name)]
public class DecisionOutboxTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Decisions_published_then_cut_off_before_delivery_reach_every_dossier_workflow_once_after_a_restart(DatabaseProvider provider)
    {
        await using var s = await GrantScenario.CreateAsync(provider);
        foreach (var dossier in s.Dossiers) await s.StageAsync(dossier);

        // The request is cut off the instant its publication has committed (as a killed process would be): nothing after runs.
        using var cutOff = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => s.Host.InScopeAsync(sp =>
        {
            // A recorded stimulus turns Unchanged once the transaction that holds it has committed.
            sp.GetRequiredService<CallManagerDbContext>().ChangeTracker.StateChanged += (_, e) =>
            {
                if (e.Entry.Entity is WorkflowOutboxItem && e.OldState == EntityState.Added && e.NewState == EntityState.Unchanged) cutOff.Cancel();
            };
            return sp.GetRequiredService<DecisionService>().PublishAsync(s.CallId, Actor.System, cutOff.Token);
        }));
        await using (var db = s.Database.NewContext())
        {
            Assert.Equal(2, await db.Set<Decision>().CountAsync(d => d.PublishedAt != null && d.StimulusSentAt != null));
            Assert.Equal(2, await db.Set<WorkflowOutboxItem>().CountAsync(i => i.StimulusName == SelectionStimuli.Name && i.DeliveredAt == null));
        }
        foreach (var dossier in s.Dossiers) Assert.Empty(await s.InstancesAsync(dossier)); // no workflow got its decision yet

        await s.RestartAsync();
        var delivered = await s.Host.Services.GetRequiredService<WorkflowOutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
        var again = await s.Host.Services.GetRequiredService<WorkflowOutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
        var republished = await s.PublishAsync(); // publishing again owes nothing more

        Assert.Equal(2, delivered);
        Assert.Equal(0, again);
        Assert.Equal(0, republished.StimuliSent);
        Assert.Empty(await s.IncidentsAsync());
        foreach (var dossier in s.Dossiers)
        {
            Assert.Single(await s.InstancesAsync(dossier));
            Assert.Single(await s.GrantsAsync(dossier));
        }
        await using (var db = s.Database.NewContext())
        {
            var received = await db.Set<WorkflowStimulus>().Where(x => x.Name == SelectionStimuli.Name).Select(x => x.CorrelationId!).ToListAsync();
            Assert.Equal(s.Dossiers.Select(d => d.ToString()).Order(), received.Order()); // each dossier's decision, once
        }
    }
}
