using CallManager.Testing;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using CallManager.Domain.Tests.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Grants;

/// <summary>Opening a grant is idempotent on the dossier's live grant, and the database refuses a second live grant.</summary>
[Collection(RuntimeCollection.Name)]
public class OpenGrantConcurrencyTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Two_units_of_work_opening_the_same_dossier_at_once_leave_one_live_grant(DatabaseProvider provider)
    {
        await using var s = await GrantScenario.CreateAsync(provider, dossiers: 1);
        var dossier = s.Dossiers[0];
        await MarkSelectedAsync(s, dossier);

        // Both read "no live grant" before either saves, then both save at once: the filtered unique index decides.
        await using var one = s.Host.Services.CreateAsyncScope();
        await using var two = s.Host.Services.CreateAsyncScope();
        var opened = new[] { await OpenAsync(one.ServiceProvider, s, dossier), await OpenAsync(two.ServiceProvider, s, dossier) };
        Assert.NotEqual(opened[0].Id, opened[1].Id);
        var saves = await Task.WhenAll(SaveAsync(one.ServiceProvider), SaveAsync(two.ServiceProvider));
        Assert.Equal([false, true], saves.Order());

        var live = Assert.Single(await s.GrantsAsync(dossier));
        Assert.Contains(live.Id, opened.Select(g => g.Id));
        Assert.Equal(live.Id, await s.Host.InScopeAsync(async sp => (await OpenAsync(sp, s, dossier)).Id)); // opening again: the live grant
        Assert.Single(await s.GrantsAsync(dossier));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_database_keeps_any_number_of_cancelled_grants_beside_one_live_grant(DatabaseProvider provider)
    {
        await using var s = await GrantScenario.CreateAsync(provider, dossiers: 1);
        var dossier = s.Dossiers[0];
        await MarkSelectedAsync(s, dossier);
        var first = await s.Host.InScopeAsync(async sp => { var g = await OpenAsync(sp, s, dossier); await SaveAsync(sp); return g; });

        await using (var db = s.Database.NewContext())
        {
            db.Add(Copy(first, GrantStatus.Cancelled));
            db.Add(Copy(first, GrantStatus.Cancelled));
            await db.SaveChangesAsync();
        }
        await using (var db = s.Database.NewContext())
        {
            db.Add(Copy(first, GrantStatus.Active));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        Assert.Equal([GrantStatus.AwaitingSignature, GrantStatus.Cancelled, GrantStatus.Cancelled], (await s.GrantsAsync(dossier)).Select(g => g.Status).Order());
    }

    private static async Task MarkSelectedAsync(GrantScenario s, Guid dossier)
    {
        await using var db = s.Database.NewContext();
        (await db.Set<Application>().SingleAsync(a => a.Id == dossier)).Status = ApplicationStatus.Selected;
        await db.SaveChangesAsync();
    }

    private static Task<Grant> OpenAsync(IServiceProvider services, GrantScenario s, Guid dossier) =>
        services.GetRequiredService<GrantLifecycle>().OpenAsync(new GrantOpening(dossier, s.CallId, 80_000), Actor.System);

    /// <summary>Saves the unit of work; false when the database refused it.</summary>
    private static async Task<bool> SaveAsync(IServiceProvider services)
    {
        try
        {
            await services.GetRequiredService<CallManagerDbContext>().SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }

    private static Grant Copy(Grant grant, GrantStatus status) => new()
    {
        ApplicationId = grant.ApplicationId, CallId = grant.CallId, LeadOrganisationId = grant.LeadOrganisationId, Reference = grant.Reference,
        Title = grant.Title, Amount = grant.Amount, Status = status, OpenedAt = grant.OpenedAt, UpdatedAt = grant.UpdatedAt,
    };
}
