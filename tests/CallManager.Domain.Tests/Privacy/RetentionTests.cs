using System.Text.Json.Nodes;
using CallManager.Testing;
using CallManager.Domain.Accounts;
using CallManager.Domain.Attachments;
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
using Microsoft.Extensions.Time.Testing;

namespace CallManager.Domain.Tests.Privacy;

/// <summary>A retention run with a fake clock removes exactly what its rules say, and audits each category's purge.</summary>
public sealed class RetentionTests
{
    private const int Year = 365;
    private readonly FakeTimeProvider _clock = TestClock.Create();
    private DateTimeOffset Ago(int days) => _clock.GetUtcNow().AddDays(-days);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_run_removes_exactly_what_the_rules_say_and_audits_each_category(DatabaseProvider provider)
    {
        using var database = await TestDatabase.CreateMigratedAsync(provider);
        await using var services = Services(database);
        var seed = await SeedAsync(database, services);

        // The dry run lists what would go and why, and changes nothing.
        RetentionPlan preview;
        using (var scope = services.CreateScope())
            preview = await scope.ServiceProvider.GetRequiredService<RetentionService>().DryRunAsync(Actor.System);
        var expected = new[]
        {
            (RetentionCategory.DraftDossiers, seed.OldDraft.ToString()),
            (RetentionCategory.DraftDossiers, seed.RecentDraft.ToString()),
            (RetentionCategory.NotSelectedDossiers, seed.OldRejected.ToString()),
            (RetentionCategory.SelectedDossiersAndGrants, seed.LongClosedGrantDossier.ToString()),
            (RetentionCategory.ReviewsAndComments, seed.ReviewOfKeptGrant.ToString()),
            (RetentionCategory.InactiveAccounts, seed.InactiveUser),
            (RetentionCategory.Attachments, seed.RecentRejectedDocument.ToString()),
            (RetentionCategory.OutboxMails, seed.OldSentMail.ToString()),
        }.Order().ToList();
        Assert.Equal(expected, preview.Items.Select(i => (i.Category, i.EntityId)).Order().ToList());
        var draft = preview.Items.Single(i => i.EntityId == seed.OldDraft.ToString());
        Assert.Equal((Ago(6 * Year), Ago(6 * Year).AddDays(Year)), (draft.EventAt, draft.DueAt));
        await using (var db = database.NewContext())
        {
            Assert.Equal(6, await db.Set<Application>().CountAsync());
            Assert.Empty(await db.Set<AuditEntry>().Where(e => e.Action == "retention.purged").ToListAsync());
        }

        RetentionPlan run;
        using (var scope = services.CreateScope())
            run = await scope.ServiceProvider.GetRequiredService<RetentionService>().RunAsync(Actor.System);
        Assert.Equal(expected, run.Items.Select(i => (i.Category, i.EntityId)).Order().ToList());

        await using (var db = database.NewContext())
        {
            Assert.Equal(new[] { seed.RecentRejected, seed.KeptGrantDossier }.Order(), (await db.Set<Application>().Select(a => a.Id).ToListAsync()).Order());
            Assert.Equal([seed.KeptGrant], await db.Set<Grant>().Select(g => g.Id).ToListAsync());
            Assert.Equal([seed.KeptGrantDocument], await db.Set<Attachment>().Select(a => a.Id).ToListAsync());
            Assert.Empty(await db.Set<Review>().ToListAsync()); // one went with its dossier, the other by its own rule
            // The reviewer still owned reviews when the run planned, so the account stays until a later run finds it idle.
            Assert.Equal(new[] { seed.Administrator, seed.Applicant, seed.Reviewer, seed.RecentUser, seed.UntrackedUser }.Order(), (await db.Users.Select(u => u.Id).ToListAsync()).Order());
            Assert.Equal(new[] { seed.PendingOldMail, seed.RecentSentMail }.Order(), (await db.Set<OutboxMessage>().Select(m => m.Id).ToListAsync()).Order());
            // An account never seen signing in starts counting today.
            Assert.Equal(_clock.GetUtcNow(), (await db.Set<AccountActivity>().SingleAsync(a => a.UserId == seed.UntrackedUser)).LastSignInAt);

            var audits = await db.Set<AuditEntry>().Where(e => e.Action == "retention.purged").OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal(["DraftDossiers 2", "NotSelectedDossiers 1", "SelectedDossiersAndGrants 1", "ReviewsAndComments 1", "InactiveAccounts 1", "Attachments 1", "OutboxMails 1"],
                audits.Select(e => $"{e.EntityId} {JsonNode.Parse(e.After!)!["count"]}").ToList());
            var draftAudit = JsonNode.Parse(audits[0].After!)!;
            Assert.Equal("DraftDossiers: 365 days after CallClosed", draftAudit["rule"]!.GetValue<string>());
            Assert.DoesNotContain("inactive@", string.Join("", audits.Select(e => e.After))); // ids only, never a personal value
        }
        using (var scope = services.CreateScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(head: null)).Intact);
            var store = scope.ServiceProvider.GetRequiredService<IAttachmentStore>();
            Assert.Null(await store.GetAsync(seed.Blobs[seed.RecentRejectedDocument]));
            Assert.Null(await store.GetAsync(seed.Blobs[seed.OldRejectedDocument]));
            await using var kept = await store.GetAsync(seed.Blobs[seed.KeptGrantDocument]);
            Assert.NotNull(kept);
            // A second run the same day finds nothing more.
            Assert.Empty((await scope.ServiceProvider.GetRequiredService<RetentionService>().RunAsync(Actor.System)).Items);
        }
    }

    private sealed record Seed(Guid OldDraft, Guid RecentDraft, Guid OldRejected, Guid OldRejectedDocument, Guid RecentRejected, Guid RecentRejectedDocument,
        Guid LongClosedGrantDossier, Guid KeptGrantDossier, Guid KeptGrant, Guid KeptGrantDocument, Guid ReviewOfKeptGrant,
        string Administrator, string Applicant, string Reviewer, string InactiveUser, string RecentUser, string UntrackedUser,
        Guid OldSentMail, Guid PendingOldMail, Guid RecentSentMail, Dictionary<Guid, string> Blobs);

    /// <summary>
    /// Two closed calls: one six years ago (a draft, a rejected dossier with its document and review, a dossier whose grant closed
    /// eleven years ago, one whose grant closed two years ago with its review and document), one three years ago (a draft, a
    /// rejected dossier with a document); accounts active and idle, and mails of every age.
    /// </summary>
    private async Task<Seed> SeedAsync(TestDatabase database, ServiceProvider services)
    {
        var store = services.GetRequiredService<IAttachmentStore>();
        var blobs = new Dictionary<Guid, string>();
        await using var db = database.NewContext();
        AppUser User(string name) => new() { UserName = $"{name}@example.org", Email = $"{name}@example.org", DisplayName = name };
        var (admin, applicant, reviewer, inactive, recent, untracked) = (User("admin"), User("applicant"), User("reviewer"), User("inactive"), User("recent"), User("untracked"));
        var adminRole = new IdentityRole(Roles.Administrator) { NormalizedName = Roles.Administrator.ToUpperInvariant() };
        db.AddRange(admin, applicant, reviewer, inactive, recent, untracked, adminRole);
        db.Add(new IdentityUserRole<string> { UserId = admin.Id, RoleId = adminRole.Id });
        db.AddRange(new AccountActivity { UserId = admin.Id, LastSignInAt = Ago(5 * Year) }, new AccountActivity { UserId = applicant.Id, LastSignInAt = Ago(4 * Year) },
            new AccountActivity { UserId = inactive.Id, LastSignInAt = Ago(3 * Year) }, new AccountActivity { UserId = recent.Id, LastSignInAt = Ago(30) });
        var organisation = new Organisation { Name = "Pôle", Siren = "732829320" };
        db.Add(organisation);
        db.Add(new OrganisationMember { OrganisationId = organisation.Id, UserId = inactive.Id });
        var oldCall = new Call { Code = "OLD", Status = CallStatus.Closed, ClosedAt = Ago(6 * Year), Criteria = PtceCall.Criteria };
        var recentCall = new Call { Code = "NEW", Status = CallStatus.Closed, ClosedAt = Ago(3 * Year), Criteria = PtceCall.Criteria };
        db.AddRange(oldCall, recentCall);
        var n = 0;
        Application Dossier(Call call, ApplicationStatus status) =>
            new() { CallId = call.Id, Reference = $"PTCE-{++n:0000}", LeadOrganisationId = organisation.Id, Status = status, CreatedBy = applicant.Id };
        async Task<Attachment> DocumentAsync(Application dossier)
        {
            var info = await store.PutAsync("%PDF-1.4 test"u8.ToArray(), "application/pdf", "cv.pdf");
            var attachment = new Attachment { ApplicationId = dossier.Id, FieldKey = "cv", StorageKey = info.Key, OriginalName = "cv.pdf", ContentType = "application/pdf", UploadedBy = applicant.Id };
            blobs[attachment.Id] = info.Key;
            dossier.Attachments.Add(attachment);
            return attachment;
        }
        var oldDraft = Dossier(oldCall, ApplicationStatus.Draft);
        var oldRejected = Dossier(oldCall, ApplicationStatus.Rejected);
        var oldRejectedDocument = await DocumentAsync(oldRejected);
        var longClosed = Dossier(oldCall, ApplicationStatus.Selected);
        var kept = Dossier(oldCall, ApplicationStatus.Selected);
        var keptDocument = await DocumentAsync(kept);
        var recentDraft = Dossier(recentCall, ApplicationStatus.Draft);
        var recentRejected = Dossier(recentCall, ApplicationStatus.Rejected);
        var recentRejectedDocument = await DocumentAsync(recentRejected);
        db.AddRange(oldDraft, oldRejected, longClosed, kept, recentDraft, recentRejected);
        db.Add(new Grant { ApplicationId = longClosed.Id, CallId = oldCall.Id, LeadOrganisationId = organisation.Id, Reference = "G-1", Status = GrantStatus.Closed, ClosedAt = Ago(11 * Year) });
        var keptGrant = new Grant { ApplicationId = kept.Id, CallId = oldCall.Id, LeadOrganisationId = organisation.Id, Reference = "G-2", Status = GrantStatus.Closed, ClosedAt = Ago(2 * Year) };
        db.Add(keptGrant);
        db.Add(new Review { CallId = oldCall.Id, ApplicationId = oldRejected.Id, ReviewerId = reviewer.Id, OverallComment = "Faible." });
        var review = new Review { CallId = oldCall.Id, ApplicationId = kept.Id, ReviewerId = reviewer.Id, OverallComment = "Solide." };
        db.Add(review);
        OutboxMessage Mail(int daysAgo, bool sent)
        {
            var mail = OutboxMessage.Create("decision", "fr", "applicant@example.org", "Décision", "…", null, null, Ago(daysAgo), "example.org");
            if (sent) mail.MarkSent(Ago(daysAgo));
            db.Add(mail);
            return mail;
        }
        var (oldSent, pendingOld, recentSent) = (Mail(2 * Year, true), Mail(2 * Year, false), Mail(30, true));
        await db.SaveChangesAsync();
        return new Seed(oldDraft.Id, recentDraft.Id, oldRejected.Id, oldRejectedDocument.Id, recentRejected.Id, recentRejectedDocument.Id,
            longClosed.Id, kept.Id, keptGrant.Id, keptDocument.Id, review.Id, admin.Id, applicant.Id, reviewer.Id, inactive.Id, recent.Id, untracked.Id,
            oldSent.Id, pendingOld.Id, recentSent.Id, blobs);
    }

    private ServiceProvider Services(TestDatabase database)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddCallManagerCore(database.Options);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(_clock);
        return services.BuildServiceProvider(validateScopes: true);
    }
}
