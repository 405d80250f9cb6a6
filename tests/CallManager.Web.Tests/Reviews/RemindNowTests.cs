using System.Net;
using System.Net.Http.Json;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Submissions;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static CallManager.Web.Tests.Reviews.ReviewDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Reviews;

/// <summary>
/// POST /api/calls/{id}/reviews/remind: an administrator reminds late reviewers now, on SQLite, the mails going through the
/// outbox to the real SMTP test server.
/// </summary>
[Collection(WebCollection.Name)]
public class RemindNowTests
{
    private static readonly DateTimeOffset ReviewDeadline = new(2027, 4, 30, 16, 0, 0, TimeSpan.Zero);
    private const string AdminEmail = "admin@funder.example";

    [Fact]
    public async Task Reminding_one_reviewer_mails_them_once_refuses_a_second_click_for_12_hours_and_refuses_after_the_deadline()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(settings: SubmissionScenarioTests.MailTo(smtp));
        var setup = await SetUpAsync(app, dossiers: 2, admin: await app.ClientAsAsync(AdminEmail, Roles.Administrator, "en"));
        var (_, slowId, doneId) = await SlowAndDoneReviewersAsync(app, setup);
        var url = $"/api/calls/{setup.CallId}/reviews/remind";

        var clicked = new DateTimeOffset(2027, 4, 28, 10, 0, 0, TimeSpan.Zero); // 12:00 in Paris
        app.Clock.SetUtcNow(clicked);
        var admin = await app.LoginAsync(AdminEmail);
        using var first = await admin.PostAsJsonAsync(url, new { reviewerId = slowId });
        await Expect(first, HttpStatusCode.OK);
        var result = await Json(first);
        Assert.Equal(1, result["reminded"]!.GetValue<int>());
        Assert.Equal(0, result["skipped"]!.GetValue<int>());
        var reviewer = result["reviewers"]!.AsArray().Single()!;
        Assert.Equal("slow@expert.example", reviewer["email"]!.GetValue<string>());
        Assert.Equal(2, reviewer["unfinished"]!.GetValue<int>());
        Assert.Equal(clicked.AddHours(12), reviewer["remindableFrom"]!.GetValue<DateTimeOffset>());

        var mail = Assert.Single(await RemindersReceivedAsync(app, smtp, 1));
        Assert.Equal("slow@expert.example", mail.To.Mailboxes.Single().Address);
        Assert.StartsWith("2 évaluation(s) encore à soumettre", mail.Subject);
        Assert.Contains("2 de vos 2 évaluation(s) pour l'appel", mail.TextBody);
        Assert.Contains("au plus tard le 30 avril 2027 à 18:00 (Europe/Paris).", mail.TextBody);
        var queued = Assert.Single(await Outbox.OfKindAsync(app, ReviewMails.Reminder));
        Assert.Equal($"review-reminder-now:{setup.CallId}:{slowId}:never", queued.CorrelationId);
        Assert.Equal([clicked, clicked], await RemindedAtAsync(app, slowId));

        // The reviewer who submitted everything has nothing to be reminded of.
        using var nothing = await admin.PostAsJsonAsync(url, new { reviewerId = doneId });
        await Expect(nothing, HttpStatusCode.Conflict);
        Assert.Equal("done@expert.example has no unfinished review on PTCE-2027: there is nothing to remind.", await DetailAsync(nothing));

        // A second click, at once or a few hours later, is refused with when the reviewer was reminded and when they can be again.
        using var again = await admin.PostAsJsonAsync(url, new { reviewerId = slowId });
        await Expect(again, HttpStatusCode.Conflict);
        Assert.Equal("slow@expert.example was last reminded on 28 April 2027 at 12:00 (Europe/Paris): they can be reminded again from 29 April 2027 at 00:00 (Europe/Paris).",
            await DetailAsync(again));
        app.Clock.SetUtcNow(clicked.AddHours(12).AddMinutes(-1));
        admin = await app.LoginAsync(AdminEmail);
        await Expect(await admin.PostAsJsonAsync(url, new { reviewerId = slowId }), HttpStatusCode.Conflict);
        await Outbox.WaitUntilDeliveredAsync(app);
        Assert.Single(await Outbox.OfKindAsync(app, ReviewMails.Reminder));
        Assert.Single(Reminders(smtp));

        // 12 hours after the first reminder, the reviewer can be reminded again; a double click sends one mail.
        app.Clock.SetUtcNow(clicked.AddHours(12));
        admin = await app.LoginAsync(AdminEmail);
        var clicks = await Task.WhenAll(admin.PostAsJsonAsync(url, new { reviewerId = slowId }), admin.PostAsJsonAsync(url, new { reviewerId = slowId }));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], clicks.Select(c => c.StatusCode).Order());
        var reminders = await RemindersReceivedAsync(app, smtp, 2);
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, m => Assert.Equal("slow@expert.example", m.To.Mailboxes.Single().Address));
        Assert.Equal($"review-reminder-now:{setup.CallId}:{slowId}:{clicked:O}", (await Outbox.OfKindAsync(app, ReviewMails.Reminder))[1].CorrelationId);
        var audit = await AuditAsync(app, setup.CallId);
        Assert.Equal(2, audit.Count);
        Assert.All(audit, e => Assert.Contains("\"email\":\"slow@expert.example\"", e.After!, StringComparison.OrdinalIgnoreCase));

        // Reviewers and applicants may not remind anyone.
        var slow = await app.LoginAsync("slow@expert.example");
        await Expect(await slow.PostAsJsonAsync(url, new { reviewerId = slowId }), HttpStatusCode.Forbidden);
        var applicant = await app.LoginAsync("applicant0@asso.example");
        await Expect(await applicant.PostAsync(url, null), HttpStatusCode.Forbidden);

        // After the review deadline nobody can be reminded.
        app.Clock.SetUtcNow(ReviewDeadline.AddMinutes(1));
        admin = await app.LoginAsync(AdminEmail);
        using var late = await admin.PostAsJsonAsync(url, new { reviewerId = slowId });
        await Expect(late, HttpStatusCode.Conflict);
        Assert.Equal("The review deadline passed on 30 April 2027 at 18:00 (Europe/Paris): reviewers can no longer be reminded.", await DetailAsync(late));
        await Expect(await admin.PostAsync(url, null), HttpStatusCode.Conflict);
        await Outbox.WaitUntilDeliveredAsync(app);
        Assert.Equal(2, Reminders(smtp).Count);
        Assert.Equal(2, (await AuditAsync(app, setup.CallId)).Count);
    }

    [Fact]
    public async Task Reminding_all_late_reviewers_mails_each_one_in_their_language_and_skips_those_reminded_less_than_12_hours_ago()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = new CallManagerApp(settings: SubmissionScenarioTests.MailTo(smtp));
        var setup = await SetUpAsync(app, dossiers: 2, admin: await app.ClientAsAsync(AdminEmail, Roles.Administrator, "en"));
        var (_, frenchId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "a@expert.example");
        var (_, englishId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "b@expert.example", language: "en");
        var (done, doneId) = await ReviewerAsync(app, setup.Admin, setup.CallId, "c@expert.example");
        await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], frenchId);
        await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[0], englishId);
        await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[1], englishId);
        var finished = await AssignAsync(setup.Admin, setup.CallId, setup.Dossiers[1], doneId);
        await SubmitCompleteAsync(done, finished);
        var url = $"/api/calls/{setup.CallId}/reviews/remind";

        var start = new DateTimeOffset(2027, 4, 26, 8, 0, 0, TimeSpan.Zero);
        app.Clock.SetUtcNow(start);
        var admin = await app.LoginAsync(AdminEmail);
        await Expect(await admin.PostAsJsonAsync(url, new { reviewerId = englishId }), HttpStatusCode.OK);

        app.Clock.SetUtcNow(start.AddHours(6));
        admin = await app.LoginAsync(AdminEmail);
        using var all = await admin.PostAsync(url, null);
        await Expect(all, HttpStatusCode.OK);
        var result = await Json(all);
        Assert.Equal(1, result["reminded"]!.GetValue<int>());
        Assert.Equal(1, result["skipped"]!.GetValue<int>());
        var rows = result["reviewers"]!.AsArray();
        Assert.Equal(["a@expert.example", "b@expert.example"], rows.Select(r => r!["email"]!.GetValue<string>()));
        Assert.Equal([true, false], rows.Select(r => r!["reminded"]!.GetValue<bool>()));
        Assert.Equal(start, rows[1]!["lastRemindedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(start.AddHours(12), rows[1]!["remindableFrom"]!.GetValue<DateTimeOffset>());

        var mails = await RemindersReceivedAsync(app, smtp, 2);
        Assert.Equal(["a@expert.example", "b@expert.example"], mails.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.StartsWith("1 évaluation(s) encore à soumettre", mails.Single(m => m.To.Mailboxes.Single().Address == "a@expert.example").Subject);
        Assert.StartsWith("2 review(s) still to submit", mails.Single(m => m.To.Mailboxes.Single().Address == "b@expert.example").Subject);
        Assert.DoesNotContain(smtp.Messages, m => m.To.Mailboxes.Any(b => b.Address == "c@expert.example") && IsReminder(m));

        // Twelve hours after b's reminder, a double click on "remind all" mails b once more and a (reminded 6 hours ago) not at all.
        app.Clock.SetUtcNow(start.AddHours(12));
        admin = await app.LoginAsync(AdminEmail);
        var clicks = await Task.WhenAll(admin.PostAsync(url, null), admin.PostAsync(url, null));
        Assert.All(clicks, c => Assert.True(c.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, c.StatusCode.ToString()));
        Assert.Contains(clicks, c => c.StatusCode == HttpStatusCode.OK);
        mails = await RemindersReceivedAsync(app, smtp, 3);
        Assert.Equal(["a@expert.example", "b@expert.example", "b@expert.example"], mails.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.Equal(3, (await AuditAsync(app, setup.CallId)).Count);
    }

    private static bool IsReminder(MimeMessage m) => (m.Subject ?? "") is var s && (s.Contains("encore à soumettre") || s.Contains("still to submit"));

    private static List<MimeMessage> Reminders(SmtpTestServer smtp) => smtp.Messages.Where(IsReminder).ToList();

    /// <summary>The reminders the SMTP server received once the outbox is empty, after waiting for at least <paramref name="count"/>.</summary>
    private static async Task<List<MimeMessage>> RemindersReceivedAsync(CallManagerApp app, SmtpTestServer smtp, int count)
    {
        await Outbox.WaitUntilDeliveredAsync(app);
        var until = DateTime.UtcNow.AddSeconds(20);
        while (Reminders(smtp).Count < count && DateTime.UtcNow < until) await Task.Delay(50);
        return Reminders(smtp);
    }

    private static async Task<List<DateTimeOffset?>> RemindedAtAsync(CallManagerApp app, string reviewerId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<Review>().Where(r => r.ReviewerId == reviewerId)
            .Select(r => r.RemindedAt).ToListAsync();
    }

    private static async Task<List<AuditEntry>> AuditAsync(CallManagerApp app, Guid callId)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<AuditLog>().ForCallAsync(callId)).Where(e => e.Action == ReviewReminders.RemindedNowAction).ToList();
    }
}
