using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;
using CallManager.Domain.Notifications;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Selection.Complaints;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Submissions;
using CallManager.Domain.Tests.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Tests.Grants;

/// <summary>
/// A call with admissible dossiers, each with one member who reads mail in English, on a runtime host with the real
/// grant-follow-up.json, the real outbox and a real SMTP server; the selection and grants stages are driven through their
/// own services, each call in a fresh scope (a request).
/// </summary>
public sealed class GrantScenario : IAsyncDisposable
{
    public const string FollowUp = "grant-follow-up";

    private GrantScenario(TestDatabase database, RuntimeHost host, SmtpTestServer smtp)
    {
        Database = database;
        Host = host;
        Smtp = smtp;
    }

    public TestDatabase Database { get; }
    public RuntimeHost Host { get; private set; }
    public SmtpTestServer Smtp { get; }
    public Guid CallId { get; private set; }
    public List<Guid> Dossiers { get; } = [];

    /// <summary>The user acting for each dossier's lead organisation, by dossier.</summary>
    public Dictionary<Guid, string> Leads { get; } = [];

    /// <summary>A migrated database on <paramref name="provider"/>, the workflow published and <paramref name="dossiers"/> admissible dossiers.</summary>
    public static async Task<GrantScenario> CreateAsync(DatabaseProvider provider, int dossiers = 2)
    {
        var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        var database = await TestDatabase.CreateMigratedAsync(provider);
        var host = NewHost(database, smtp, TestClock.Create());
        var scenario = new GrantScenario(database, host, smtp);
        await host.PublishValidAsync(await File.ReadAllTextAsync(Path.Combine(Flow.RepositoryRoot(), "workflows", "grant-follow-up.json")),
            "workflows/grant-follow-up.json");
        await scenario.SeedAsync(dossiers);
        return scenario;
    }

    private static RuntimeHost NewHost(TestDatabase database, SmtpTestServer smtp, Microsoft.Extensions.Time.Testing.FakeTimeProvider clock) =>
        RuntimeHost.Create(database, clock, s =>
        {
            s.AddScoped<IMailOutbox, MailOutbox>().Configure<MailOptions>(o =>
            {
                o.Smtp.Host = "127.0.0.1";
                o.Smtp.Port = smtp.Port;
                o.Smtp.Security = SmtpSecurity.None;
                o.Smtp.Timeout = TimeSpan.FromSeconds(5);
            });
            // The submissions stage's services reach the accounts (the web host adds the rest of Identity).
            s.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddUserManager<AppUserManager>().AddEntityFrameworkStores<CallManagerDbContext>();
        });

    /// <summary>Stops the host (as a crashed process would be gone) and starts a new one on the same database, at the same instant.</summary>
    public async Task RestartAsync()
    {
        var clock = Host.Clock;
        await Host.DisposeAsync();
        Host = NewHost(Database, Smtp, clock);
    }

    private async Task SeedAsync(int count)
    {
        await using var db = Database.NewContext();
        var call = new Call
        {
            Code = "PTCE", TitleFr = "PTCE", TitleEn = "PTCE", Budget = 400_000, MaxGrant = 100_000, Criteria = PtceCall.Criteria,
            Status = CallStatus.Published, ComplaintWindowDays = 30,
        };
        db.Add(call);
        for (var i = 0; i < count; i++)
        {
            var user = new AppUser { UserName = $"lead{i}@ptce.example", Email = $"lead{i}@ptce.example", DisplayName = $"Lead {i}", PreferredLanguage = "en" };
            var organisation = new Organisation { Name = $"Pôle {i}", Siren = i % 2 == 0 ? "732829320" : "552100554" };
            var dossier = new Application
            {
                CallId = call.Id, Reference = $"PTCE-2027-000{i}", Title = $"Projet {i}", LeadOrganisationId = organisation.Id,
                Status = ApplicationStatus.Admissible, RequestedAmount = 80_000,
            };
            db.AddRange(user, organisation, dossier, new OrganisationMember { OrganisationId = organisation.Id, UserId = user.Id });
            Dossiers.Add(dossier.Id);
            Leads[dossier.Id] = user.Id;
        }
        await db.SaveChangesAsync();
        CallId = call.Id;
    }

    /// <summary>Stages <paramref name="outcome"/> for <paramref name="dossier"/> (80 000 € when selected).</summary>
    public Task StageAsync(Guid dossier, DecisionOutcome outcome = DecisionOutcome.Selected) => Host.InScopeAsync(sp =>
        sp.GetRequiredService<DecisionService>().StageAsync(dossier, new DecisionInput(outcome, outcome == DecisionOutcome.Selected ? 80_000 : null,
            Reason: outcome == DecisionOutcome.Rejected ? "Hors budget." : null), Actor.System));

    /// <summary>Publishes the staged decisions (letters, then the DossierSelected stimuli that open the grants).</summary>
    public Task<PublicationResult> PublishAsync() => Host.InScopeAsync(sp => sp.GetRequiredService<DecisionService>().PublishAsync(CallId, Actor.System));

    /// <summary>Files a complaint on <paramref name="dossier"/> and upholds it, returning the dossier to review (it is no longer selected).</summary>
    public async Task UpholdComplaintAsync(Guid dossier)
    {
        var complaint = new Complaint { CallId = CallId, ApplicationId = dossier, FiledBy = "applicant", FiledAt = Host.Clock.GetUtcNow(), Text = "Réexamen demandé." };
        await using (var db = Database.NewContext())
        {
            db.Add(complaint);
            await db.SaveChangesAsync();
        }
        await Host.InScopeAsync(sp => sp.GetRequiredService<ComplaintService>().ResolveAsync(complaint.Id,
            new ComplaintResolutionInput(ComplaintStatus.Upheld, "A review was incomplete.", UpheldAction.ReturnToReview), Actor.System));
    }

    /// <summary>The lead organisation withdraws <paramref name="dossier"/>.</summary>
    public Task WithdrawAsync(Guid dossier) => Host.InScopeAsync(sp => sp.GetRequiredService<ApplicationService>()
        .WithdrawAsync(dossier, new Actor(Leads[dossier], new HashSet<string> { Roles.Applicant }, "en")));

    /// <summary>Signs the agreement of <paramref name="grantId"/> today, the project starting today.</summary>
    public Task SignAsync(Guid grantId)
    {
        var today = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime);
        return Host.InScopeAsync(sp => sp.GetRequiredService<GrantService>().SignAsync(grantId, new AgreementInput(today, today), Actor.System));
    }

    /// <summary>Every grant of <paramref name="dossier"/> with its tranches and reports, oldest first.</summary>
    public async Task<List<Grant>> GrantsAsync(Guid dossier)
    {
        await using var db = Database.NewContext();
        return (await db.Set<Grant>().AsNoTracking().Include(g => g.Tranches).Include(g => g.Reports).AsSplitQuery()
            .Where(g => g.ApplicationId == dossier).ToListAsync()).OrderBy(g => g.OpenedAt).ToList();
    }

    /// <summary>The grant-follow-up instances of <paramref name="dossier"/>.</summary>
    public async Task<List<WorkflowInstance>> InstancesAsync(Guid dossier)
    {
        await using var db = Database.NewContext();
        return await db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.DefinitionId == FollowUp && i.CorrelationId == dossier.ToString()).ToListAsync();
    }

    /// <summary>The incidents of every workflow instance, as "activity: message".</summary>
    public async Task<List<string>> IncidentsAsync()
    {
        await using var db = Database.NewContext();
        return await db.Set<WorkflowIncident>().AsNoTracking().Select(i => i.ActivityId + ": " + i.Message).ToListAsync();
    }

    /// <summary>The outbox rows of kind <paramref name="kind"/>.</summary>
    public async Task<List<OutboxMessage>> MailsAsync(string kind)
    {
        await using var db = Database.NewContext();
        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Kind == kind).ToListAsync();
    }

    /// <summary>Sends every due outbox row to the SMTP server (one dispatcher pass).</summary>
    public Task<DispatchResult> DispatchAsync() => Host.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Database.Dispose();
        await Smtp.DisposeAsync();
    }
}
