using CallManager.Testing;
using CallManager.Domain.Calls;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Tests.Selection.Decisions;

/// <summary>The database, not only the decision service, keeps one live dossier per reserve rank of a call.</summary>
public class ReserveRankIndexTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task The_database_refuses_a_second_live_decision_at_the_same_reserve_rank_of_a_call(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        var (call, dossiers) = await SeedAsync(database, 6, "732829320");
        var (otherCall, otherDossiers) = await SeedAsync(database, 1, "552100554");

        await using (var db = database.NewContext())
        {
            db.Add(Reserve(call, dossiers[0], 1));
            db.Add(Reserve(otherCall, otherDossiers[0], 1)); // the same rank in another call
            db.Add(Unranked(call, dossiers[1], DecisionOutcome.Selected));
            db.Add(Unranked(call, dossiers[2], DecisionOutcome.Rejected));
            db.Add(Unranked(call, dossiers[3], DecisionOutcome.Rejected)); // any number of unranked decisions
            var withdrawn = Reserve(call, dossiers[4], 2);
            withdrawn.WithdrawnAt = DateTimeOffset.UtcNow;
            db.Add(withdrawn);
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            db.Add(Reserve(call, dossiers[5], 2)); // rank 2 is held only by a withdrawn dossier: free
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            var second = await db.Set<Decision>().SingleAsync(d => d.ApplicationId == dossiers[1]);
            second.Outcome = DecisionOutcome.Reserve;
            second.ReserveRank = 1;
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        await using (var db = database.NewContext())
        {
            var ranks = await db.Set<Decision>().Where(d => d.CallId == call && d.ReserveRank != null && d.WithdrawnAt == null)
                .Select(d => d.ReserveRank!.Value).ToListAsync();
            Assert.Equal([1, 2], ranks.Order());
        }
    }

    private static Decision Reserve(Guid call, Guid dossier, int rank) =>
        new() { CallId = call, ApplicationId = dossier, Outcome = DecisionOutcome.Reserve, ReserveRank = rank, StagedBy = "admin" };

    private static Decision Unranked(Guid call, Guid dossier, DecisionOutcome outcome) =>
        new() { CallId = call, ApplicationId = dossier, Outcome = outcome, GrantedAmount = outcome == DecisionOutcome.Selected ? 50_000 : null, StagedBy = "admin" };

    internal static async Task<(Guid Call, List<Guid> Dossiers)> SeedAsync(TestDatabase database, int count, string siren)
    {
        await using var db = database.NewContext();
        var call = new Call { Code = "RSV" + Guid.NewGuid().ToString("N")[..6], TitleFr = "Réserve", TitleEn = "Reserve", Budget = 400_000, MaxGrant = 100_000, Status = CallStatus.Published };
        var organisation = new Organisation { Name = "Pôle", Siren = siren };
        db.AddRange(call, organisation);
        var dossiers = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var dossier = new Application
            {
                CallId = call.Id, Reference = $"{call.Code}-{i:0000}", Title = $"Projet {i}", LeadOrganisationId = organisation.Id,
                Status = ApplicationStatus.Admissible, RequestedAmount = 80_000,
            };
            db.Add(dossier);
            dossiers.Add(dossier.Id);
        }
        await db.SaveChangesAsync();
        return (call.Id, dossiers);
    }
}
