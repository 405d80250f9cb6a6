using System.Text.Json.Nodes;
using CallManager.Testing;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;
using CallManager.Domain.Hosting;
using CallManager.Domain.Notifications;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Privacy;
using CallManager.Domain.Reviews;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallManager.Domain.Tests.Privacy;

/// <summary>An erased applicant's identity is gone from the account, memberships, dossiers' personal fields and mails; figures, decisions and the chain stay.</summary>
public sealed class ErasureTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_applicant_is_erased_once_their_grant_is_closed_and_the_records_stay_honest(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using var services = Services(database);
        var clock = TestClock.Create();
        var (alice, bob, admin, juror) = (User("alice", "Alice Martin"), User("bob", "Bob Durand"), User("admin", "Admin"), User("juror", "Juror"));
        var form = PtceCall.Form;
        var personal = form.Fields.First();
        personal.Personal = true;
        var other = form.Fields.First(f => !f.Personal && f.Key != personal.Key);
        var call = new Call { Code = "PTCE", Status = CallStatus.Published, Form = form, Criteria = PtceCall.Criteria };
        var organisation = new Organisation { Name = "Pôle", Siren = "732829320" };
        var dossier = new Application { CallId = call.Id, Reference = "PTCE-0001", LeadOrganisationId = organisation.Id, Status = ApplicationStatus.Selected,
            CreatedBy = alice.Id, RequestedAmount = 80_000, Answers = new JsonObject { [personal.Key] = "Alice Martin, 06 12 34 56 78", [other.Key] = "gardé" } };
        var grant = new Grant { ApplicationId = dossier.Id, CallId = call.Id, LeadOrganisationId = organisation.Id, Reference = "PTCE-0001-G1", Status = GrantStatus.Active, Amount = 80_000 };
        var adminRole = new IdentityRole(Roles.Administrator) { NormalizedName = "ADMINISTRATOR" };
        var toAlice = OutboxMessage.Create("decision", "fr", "alice@example.org", "Décision pour Alice Martin", "Bonjour Alice Martin, …", "<p>Alice Martin</p>", null, clock.GetUtcNow(), "example.org");
        var toBob = OutboxMessage.Create("decision", "fr", "bob@example.org", "Décision pour Bob Durand", "Bonjour Bob Durand", null, null, clock.GetUtcNow(), "example.org");
        await using (var db = database.NewContext())
        {
            // An audit entry that names Alice by reference (as the jury invitation does), and one naming Bob.
            var audit = new AuditLog(db, TestClock.Create(), services.GetRequiredService<AuditChainKey>());
            await audit.AppendAsync(Actor.System, "Test", 1, null, "test.named", null, new { Email = audit.Personal(alice.Id, alice.Email) });
            await audit.AppendAsync(Actor.System, "Test", 2, null, "test.named", null, new { Email = audit.Personal(bob.Id, bob.Email) });
            db.AddRange(alice, bob, admin, juror, adminRole, call, organisation, dossier, grant, toAlice, toBob);
            db.AddRange(new OrganisationMember { OrganisationId = organisation.Id, UserId = alice.Id }, new OrganisationMember { OrganisationId = organisation.Id, UserId = bob.Id },
                new IdentityUserRole<string> { UserId = admin.Id, RoleId = adminRole.Id }, new JuryMember { CallId = call.Id, UserId = juror.Id });
            await db.SaveChangesAsync();
        }
        var asAlice = new Actor(alice.Id, new HashSet<string> { Roles.Applicant });

        // Refusals say why: someone else asking, a live grant, an administrator, a juror of an open call.
        Assert.Equal(DomainErrorKind.Forbidden, (await Refusal(services, alice.Id, new Actor(bob.Id, new HashSet<string> { Roles.Applicant }))).Kind);
        Assert.Equal("The grant PTCE-0001-G1 is live: its holder's identity must be kept until it is closed.", (await Refusal(services, alice.Id, asAlice)).Message);
        Assert.Equal(DomainErrorKind.Conflict, (await Refusal(services, admin.Id, Actor.System)).Kind);
        Assert.StartsWith("This person sits on the jury of a call not yet closed", (await Refusal(services, juror.Id, Actor.System)).Message);

        await using (var db = database.NewContext())
            await db.Set<Grant>().Where(g => g.Id == grant.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.Status, GrantStatus.Closed));
        using (var scope = services.CreateScope())
            Assert.Equal(new ErasureResult(alice.Id, 1, 1, 1, 1), await scope.ServiceProvider.GetRequiredService<ErasureService>().EraseAsync(alice.Id, asAlice));

        await using (var db = database.NewContext())
        {
            var erased = await db.Users.SingleAsync(u => u.Id == alice.Id);
            Assert.Equal((ErasureService.ErasedName, (string?)null), (erased.DisplayName, erased.PasswordHash));
            Assert.EndsWith("@erased.invalid", erased.Email);
            Assert.Equal([bob.Id], await db.Set<OrganisationMember>().Select(m => m.UserId).ToListAsync());
            var kept = await db.Set<Application>().SingleAsync();
            Assert.Equal((ApplicationStatus.Selected, (decimal?)80_000, "gardé"), (kept.Status, kept.RequestedAmount, kept.Answers[other.Key]!.GetValue<string>()));
            Assert.Null(kept.Answers[personal.Key]);
            Assert.Equal(80_000, (await db.Set<Grant>().SingleAsync()).Amount);
            var mails = await db.Set<OutboxMessage>().AsNoTracking().ToDictionaryAsync(m => m.Id);
            var aliceMail = mails[toAlice.Id];
            Assert.DoesNotContain("Alice", aliceMail.Recipients + aliceMail.Subject + aliceMail.TextBody + aliceMail.HtmlBody);
            Assert.DoesNotContain("alice@", aliceMail.Recipients);
            Assert.Equal(("bob@example.org", "Bonjour Bob Durand"), (mails[toBob.Id].Recipients, mails[toBob.Id].TextBody));
            var entry = await db.Set<AuditEntry>().SingleAsync(e => e.Action == "person.erased");
            Assert.Equal(alice.Id, entry.EntityId);
            Assert.DoesNotContain("Alice", entry.After);
            Assert.Equal([("bob@example.org", false)], (await db.Set<AuditPersonalValue>().ToListAsync()).Where(v => v.Value is not null).Select(v => (v.Value!, v.ErasedAt is not null)));
            Assert.Contains("$personal", (await db.Set<AuditEntry>().FirstAsync(e => e.Action == "test.named")).After);
        }
        using (var scope = services.CreateScope())
            Assert.Equal(new AuditVerification(true, 3, null, null), await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(head: null));
    }

    private static AppUser User(string login, string name) =>
        new() { UserName = $"{login}@example.org", Email = $"{login}@example.org", NormalizedEmail = $"{login}@example.org".ToUpperInvariant(), DisplayName = name };

    private static async Task<DomainException> Refusal(ServiceProvider services, string userId, Actor actor)
    {
        using var scope = services.CreateScope();
        return await Assert.ThrowsAsync<DomainException>(() => scope.ServiceProvider.GetRequiredService<ErasureService>().EraseAsync(userId, actor));
    }

    private static ServiceProvider Services(TestDatabase database)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCallManagerCore(database.Options);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(TestClock.Create());
        return services.BuildServiceProvider(validateScopes: true);
    }
}
