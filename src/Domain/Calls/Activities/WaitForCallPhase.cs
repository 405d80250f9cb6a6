using CallManager.Domain.Persistence;
using CallManager.Runtime.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Calls.Activities;

/// <summary>
/// Waits (timer bookmark) until a dated phase of the correlated call, shifted by <c>offsetHours</c>: input <c>phase</c> is
/// opensAt, submissionDeadline, submissionClose (deadline plus grace), reviewDeadline, deliberationAt or resultsAt.
/// When the timer fires it re-reads the call, so a date moved later by an administrator waits again.
/// </summary>
public sealed class WaitForCallPhase : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var due = await DueAsync(context);
        return due <= context.Now ? ActivityResult.Done() : ActivityResult.Suspend(BookmarkRequest.Timer(due));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context) => ExecuteAsync(context);

    private static async Task<DateTimeOffset> DueAsync(ActivityContext context)
    {
        var callId = Guid.Parse(context.CorrelationId ?? throw new InvalidOperationException("The call workflow is correlated with the call id."));
        var db = context.Services.GetRequiredService<CallManagerDbContext>();
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == callId, context.CancellationToken);
        var offset = context.HasInput("offsetHours") ? context.GetInput<double>("offsetHours") : 0;
        return Due(call, context.GetInput<string>("phase"), offset);
    }

    /// <summary>The instant of <paramref name="phase"/> of <paramref name="call"/> shifted by <paramref name="offsetHours"/>.</summary>
    public static DateTimeOffset Due(Call call, string? phase, double offsetHours)
    {
        var instant = phase switch
        {
            "opensAt" => call.OpensAt,
            "submissionDeadline" => call.SubmissionDeadline,
            "submissionClose" => call.SubmissionDeadline.AddMinutes(call.GraceMinutes),
            "reviewDeadline" => call.ReviewDeadline,
            "deliberationAt" => call.DeliberationAt,
            "resultsAt" => call.ResultsAt,
            _ => throw new InvalidOperationException($"Unknown call phase '{phase}'."),
        };
        return instant.AddHours(offsetHours);
    }
}
