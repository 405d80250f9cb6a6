using CallManager.Testing;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection.Calibration;
using CallManager.Domain.Selection.Ranking;
using CallManager.Domain.Submissions;
using CallManager.Domain.Tests.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Selection.Ranking;

public class RankingReplayTests
{
    private static readonly Actor Admin = new("admin", new HashSet<string> { Roles.Administrator });

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_snapshot_reloaded_from_the_database_gives_the_same_ranking_and_trace_byte_for_byte(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using var host = RuntimeHost.Create(database);
        var (callId, conflicted) = await SeedAsync(host);

        var frozen = await host.InScopeAsync(sp => sp.GetRequiredService<RankingService>().FreezeAsync(callId, RankingBasis.Calibrated, Admin));
        var reloaded = await host.InScopeAsync(sp => sp.GetRequiredService<RankingService>().GetAsync(callId, frozen.SnapshotId, Admin));

        Assert.Equal(CanonicalJson.Serialize(frozen), CanonicalJson.Serialize(reloaded));
        var stored = await host.InScopeAsync(sp => sp.GetRequiredService<CallManagerDbContext>().Set<RankingSnapshot>().SingleAsync());
        Assert.Equal(CanonicalJson.Sha256(stored.ContentJson), stored.Sha256);
        Assert.Equal(RankingBasis.Calibrated, stored.Content().Basis);
        var dossier = stored.Content().Dossiers.Single(d => d.ApplicationId == conflicted);
        Assert.Equal(["R1"], dossier.Reviews.Select(r => r.Reviewer)); // the conflicted reviewer (R2) is left out
        Assert.Equal(["PTCE-T-0002", "PTCE-T-0001", "PTCE-T-0003"], frozen.Ranking.Dossiers.Select(d => d.Reference));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Administrators_freezing_at_the_same_moment_each_get_their_own_snapshot_number(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using var host = RuntimeHost.Create(database);
        var (callId, _) = await SeedAsync(host);

        var frozen = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() =>
            host.InScopeAsync(sp => sp.GetRequiredService<RankingService>().FreezeAsync(callId, RankingBasis.Raw, Admin)))));

        Assert.Equal(Enumerable.Range(1, 12), frozen.Select(f => f.Number).Order());
        var stored = await host.InScopeAsync(sp => sp.GetRequiredService<CallManagerDbContext>().Set<RankingSnapshot>().Select(s => s.Number).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 12), stored.Order());
    }

    /// <summary>Three admissible dossiers, two reviewers (a-user, b-user); b-user is conflicted with dossier 3's lead organisation.</summary>
    private static Task<(Guid CallId, Guid Conflicted)> SeedAsync(RuntimeHost host) => host.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<CallManagerDbContext>();
        var call = new Call { Code = "PTCE-T", TitleFr = "T", Budget = 200_000, MaxGrant = 100_000, Criteria = PtceCall.Criteria, Threshold = 50,
            TieBreakOrder = ["territorial-anchoring"], Status = CallStatus.Published };
        db.Add(call);
        var users = new[] { "a-user", "b-user" }.Select(id => new AppUser { Id = id, UserName = id, Email = $"{id}@x.example" }).ToList();
        db.AddRange(users);
        var ids = new List<Guid>();
        for (var i = 1; i <= 3; i++)
        {
            var organisation = new Organisation { Name = $"O{i}", Siren = $"00000000{i}", LegalForm = "Association", Region = "Bretagne" };
            var application = new Application { CallId = call.Id, Reference = $"PTCE-T-{i:0000}", LeadOrganisationId = organisation.Id, Title = $"P{i}",
                RequestedAmount = 80_000, Status = ApplicationStatus.Admissible };
            db.AddRange(organisation, application);
            ids.Add(application.Id);
        }
        db.Add(new ConflictOfInterest { CallId = call.Id, UserId = "b-user", OrganisationId = db.ChangeTracker.Entries<Application>().Last().Entity.LeadOrganisationId });
        void Review(string reviewer, int dossier, decimal score) => db.Add(new Review
        {
            CallId = call.Id, ApplicationId = ids[dossier], ReviewerId = reviewer, Status = ReviewStatus.Submitted, Confidence = 3,
            Scores = PtceCall.Criteria.Select(c => new CriterionScore(c.Key, score, null)).ToList(),
        });
        Review("a-user", 0, 3); Review("b-user", 0, 4); Review("a-user", 1, 5); Review("b-user", 1, 4);
        Review("a-user", 2, 2.5m); Review("b-user", 2, 5);
        await db.SaveChangesAsync();
        return (call.Id, ids[2]);
    });
}
