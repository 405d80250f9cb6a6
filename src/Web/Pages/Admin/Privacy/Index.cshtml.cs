using CallManager.Web.Ui;
using CallManager.Domain.Common;
using CallManager.Domain.Privacy;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace CallManager.Web.Pages.Admin.Privacy;

/// <summary>
/// Personal data for administrators: the record of processing activities, the retention rules in force, when the daily
/// job runs next, what it would remove now and why (the dry run), and what past runs removed (from the audit chain).
/// </summary>
public sealed class IndexModel(RetentionService retention, RetentionPlanner planner, JobStorage jobs, IOptions<RetentionOptions> options) : PageModel
{
    public IReadOnlyList<RetentionRule> Rules { get; private set; } = [];
    public RetentionPlan? Preview { get; private set; }
    public IReadOnlyList<RetentionService.PastPurge> LastRuns { get; private set; } = [];
    public DateTime? NextRun { get; private set; }
    public bool Enabled => options.Value.Enabled;

    /// <summary>Items of the preview shown on the page (the API gives them all).</summary>
    public const int PreviewLimit = 200;

    public async Task OnGetAsync()
    {
        var actor = await this.ActorAsync();
        Rules = planner.Rules();
        Preview = await retention.DryRunAsync(actor, HttpContext.RequestAborted);
        LastRuns = await retention.LastRunsAsync(actor, ct: HttpContext.RequestAborted);
        using var connection = jobs.GetConnection();
        NextRun = connection.GetRecurringJobs([RetentionJob.Id]).FirstOrDefault()?.NextExecution;
    }
}
