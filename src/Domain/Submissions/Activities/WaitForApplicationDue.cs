using CallManager.Domain.Persistence;
using CallManager.Runtime.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Submissions.Activities;

/// <summary>
/// Waits (timer bookmark) until the correlated dossier's missing-documents due date, shifted by <c>offsetHours</c>.
/// Completes with "Resolved" when the dossier no longer waits for documents (an administrator decided, or it was
/// withdrawn); when the timer fires it re-reads the dossier, so a due date moved later waits again.
/// </summary>
public sealed class WaitForApplicationDue : IActivity
{
    /// <summary>Outcome when the dossier no longer waits for documents.</summary>
    public const string Resolved = "Resolved";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var application = await ApplicationActivity.LoadAsync(context);
        if (application.Status != ApplicationStatus.MissingDocuments || application.MissingDocumentsDueAt is not { } dueAt)
            return ActivityResult.Outcome(Resolved);
        var offset = context.HasInput("offsetHours") ? context.GetInput<double>("offsetHours") : 0;
        var due = dueAt.AddHours(offset);
        return due <= context.Now ? ActivityResult.Done() : ActivityResult.Suspend(BookmarkRequest.Timer(due));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityContext context) => ExecuteAsync(context);
}

/// <summary>Shared by the dossier workflow's activities: the correlated dossier.</summary>
internal static class ApplicationActivity
{
    /// <summary>The dossier whose id is the instance's correlation id (tracked, so changes save with the step).</summary>
    public static async Task<Application> LoadAsync(ActivityContext context)
    {
        var id = Guid.Parse(context.CorrelationId ?? throw new InvalidOperationException("The dossier workflow is correlated with the dossier id."));
        var db = context.Services.GetRequiredService<CallManagerDbContext>();
        return await db.Set<Application>().Include(a => a.Attachments).FirstAsync(a => a.Id == id, context.CancellationToken);
    }
}
