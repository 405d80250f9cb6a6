using System.Net;
using System.Net.Http.Json;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Runtime.Instances;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Reviews.ReviewDriver;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Reviews;

/// <summary>workflows/ptce-call.json after submissions close: reminders to unfinished reviewers, N days before the review deadline and on its morning.</summary>
[Collection(WebCollection.Name)]
public class ReviewRemindersTests
{
    private static readonly DateTimeOffset ReviewDeadline = new(2027, 4, 30, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_call_workflow_reminds_reviewers_with_unfinished_reviews_three_days_before_and_on_the_morning_of_the_review_deadline()
    {
        await using var app = new CallManagerApp();
        var setup = await SetUpAsync(app, dossiers: 2);
        var (slow, slowId, _) = await SlowAndDoneReviewersAsync(app, setup);

        app.Clock.SetUtcNow(Deadline.AddHours(-72));
        Assert.Equal(1, await app.FireDueTimersAsync()); // drafts reminder
        app.Clock.SetUtcNow(Deadline);
        Assert.Equal(1, await app.FireDueTimersAsync()); // submissions close; now waiting for the first review reminder
        app.Clock.SetUtcNow(ReviewDeadline.AddDays(-3).AddSeconds(-1));
        Assert.Equal(0, await app.FireDueTimersAsync());
        Assert.Empty(await Outbox.OfKindAsync(app, ReviewMails.Reminder));

        app.Clock.SetUtcNow(ReviewDeadline.AddDays(-3));
        Assert.Equal(1, await app.FireDueTimersAsync());
        var first = Assert.Single(await Outbox.OfKindAsync(app, ReviewMails.Reminder));
        Assert.Contains("slow@expert.example", first.Recipients);
        Assert.StartsWith("2 évaluation(s) encore à soumettre", first.Subject);
        Assert.Contains("2 de vos 2 évaluation(s) pour l'appel", first.TextBody);
        Assert.Contains("au plus tard le 30 avril 2027 à 18:00 (Europe/Paris).", first.TextBody);
        Assert.Equal([ReviewDeadline.AddDays(-3), ReviewDeadline.AddDays(-3)], await RemindedAtAsync(app, slowId));

        var morning = new DateTimeOffset(2027, 4, 30, 6, 0, 0, TimeSpan.Zero); // 08:00 in Paris (summer time)
        app.Clock.SetUtcNow(morning.AddSeconds(-1));
        Assert.Equal(0, await app.FireDueTimersAsync());
        slow = await app.LoginAsync("slow@expert.example");
        var mine = await Json(await slow.GetAsync("/api/reviews"));
        var draft = mine["reviews"]![0]!["id"]!.GetValue<Guid>();
        await SubmitCompleteAsync(slow, draft);
        app.Clock.SetUtcNow(morning);
        Assert.Equal(1, await app.FireDueTimersAsync());
        var reminders = await Outbox.OfKindAsync(app, ReviewMails.Reminder);
        Assert.Equal(2, reminders.Count);
        Assert.StartsWith("1 évaluation(s) encore à soumettre", reminders[1].Subject);

        app.Clock.SetUtcNow(ReviewDeadline);
        Assert.Equal(1, await app.FireDueTimersAsync());
        Assert.Equal(2, (await Outbox.OfKindAsync(app, ReviewMails.Reminder)).Count);
        Assert.Equal(WorkflowStatus.Suspended, (await InstanceAsync(app, setup.CallId)).Status);
    }

    private static async Task<List<DateTimeOffset?>> RemindedAtAsync(CallManagerApp app, string reviewerId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<Review>().Where(r => r.ReviewerId == reviewerId)
            .Select(r => r.RemindedAt).ToListAsync();
    }

    private static async Task<WorkflowInstance> InstanceAsync(CallManagerApp app, Guid callId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<WorkflowInstance>()
            .SingleAsync(i => i.DefinitionId == "ptce-call" && i.CorrelationId == callId.ToString());
    }
}
