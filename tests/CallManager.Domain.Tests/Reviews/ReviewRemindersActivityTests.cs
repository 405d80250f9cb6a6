using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Notifications;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Submissions;
using CallManager.Domain.Tests.Runtime;
using CallManager.Runtime;
using CallManager.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Domain.Tests.Runtime.Flow;

namespace CallManager.Domain.Tests.Reviews;

/// <summary>CallManager.SendReviewReminders run by the runtime on a real database, with the real outbox.</summary>
[Collection(RuntimeCollection.Name)]
public class ReviewRemindersActivityTests
{
    [Fact]
    public async Task A_reminder_run_twice_for_the_same_time_mails_each_unfinished_reviewer_once_and_skips_conflicted_reviews()
    {
        using var database = await TestDatabase.CreateMigratedAsync(DatabaseProvider.Sqlite);
        await using var host = RuntimeHost.Create(database, TestClock.Create(new DateTimeOffset(2027, 4, 27, 16, 0, 0, TimeSpan.Zero)),
            s => s.AddScoped<IMailOutbox, MailOutbox>());
        var callId = await SeedAsync(database);
        await host.PublishValidAsync(Definition("review-reminders",
            [Activity("start", "Start"), Activity("first", "CallManager.SendReviewReminders", ("reminder", Literal("daysBefore"))),
             Activity("again", "CallManager.SendReviewReminders", ("reminder", Literal("daysBefore"))), Activity("end", "Finish")],
            [("start", "Done", "first"), ("first", "Done", "again"), ("again", "Done", "end")]));

        await host.Runtime.StartAsync(new StartRequest("review-reminders", callId.ToString()));

        await using var db = database.NewContext();
        var mails = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Kind == ReviewMails.Reminder).ToListAsync();
        var mail = Assert.Single(mails);
        Assert.Contains("late@expert.example", mail.Recipients);
        Assert.Equal("1 review(s) still to submit — PTCE", mail.Subject);
        Assert.Contains("1 of your 2 review(s) for the call \"PTCE\" are not submitted yet. Reviews are due by 30 April 2027 at 18:00 (Europe/Paris).", mail.TextBody);
    }

    /// <summary>A call with two dossiers; "late" has a draft and a submitted review, "conflicted" only a draft on a dossier they are conflicted with.</summary>
    private static async Task<Guid> SeedAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var call = new Call { Code = "PTCE", TitleFr = "PTCE", TitleEn = "PTCE", ReviewDeadline = new DateTimeOffset(2027, 4, 30, 16, 0, 0, TimeSpan.Zero), Criteria = PtceCall.Criteria };
        var late = new AppUser { UserName = "late@expert.example", Email = "late@expert.example", DisplayName = "Late", PreferredLanguage = "en" };
        var conflicted = new AppUser { UserName = "c@expert.example", Email = "c@expert.example", DisplayName = "C" };
        var organisations = new[] { new Organisation { Name = "A", Siren = "732829320" }, new Organisation { Name = "B", Siren = "552100554" } };
        var dossiers = organisations.Select((o, i) => new Application { CallId = call.Id, Reference = $"PTCE-{i}", LeadOrganisationId = o.Id, Status = ApplicationStatus.Admissible }).ToArray();
        db.AddRange(call, late, conflicted);
        db.AddRange(organisations);
        db.AddRange(dossiers);
        db.Add(new ConflictOfInterest { CallId = call.Id, UserId = conflicted.Id, OrganisationId = organisations[0].Id, Type = ConflictType.Employee });
        db.AddRange(
            new Review { CallId = call.Id, ApplicationId = dossiers[0].Id, ReviewerId = late.Id },
            new Review { CallId = call.Id, ApplicationId = dossiers[1].Id, ReviewerId = late.Id, Status = ReviewStatus.Submitted },
            new Review { CallId = call.Id, ApplicationId = dossiers[0].Id, ReviewerId = conflicted.Id });
        await db.SaveChangesAsync();
        return call.Id;
    }
}
