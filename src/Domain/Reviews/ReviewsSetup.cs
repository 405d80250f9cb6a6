using CallManager.Domain.Submissions;
using CallManager.Runtime.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Reviews;

/// <summary>Registers the services and activities of the reviews stage.</summary>
public static class ReviewsSetup
{
    public static IServiceCollection AddReviews(this IServiceCollection services) =>
        services.AddScoped<ReviewLifecycle>().AddScoped<JuryService>().AddScoped<ConflictService>().AddScoped<AssignmentService>().AddScoped<ReviewService>()
            .AddScoped<IReviewerReading, ReviewerReading>().AddScoped<ReviewMails>().AddScoped<ReviewReminders>().AddScoped<ReviewProgressQuery>().AddSingleton<Calls.ICallDateTimer, Activities.ReviewReminderTimer>()
            .AddActivity<Activities.WaitForReviewReminder>("CallManager.WaitForReviewReminder", ["reminder"])
            .AddActivity<Activities.SendReviewReminders>("CallManager.SendReviewReminders", ["reminder"]);
}
