using CallManager.Web.Hosting;
using CallManager.Domain.Accounts;
using CallManager.Domain.Privacy;
using CallManager.Domain.Privacy.Exports;

namespace CallManager.Web.Api;

/// <summary>
/// Retention (what would go and why, run now) and who read a dossier (administrators); erasure and exports (the person or an
/// administrator); an export's archive (the person only).
/// </summary>
public sealed class PrivacyApi : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/privacy").WithTags("Privacy").RequireAuthorization(Roles.Administrator);
        group.MapGet("/retention", async (HttpContext http, RetentionService retention) =>
            TypedResults.Ok(View(await retention.DryRunAsync(await http.ActorAsync(), http.RequestAborted))));
        group.MapPost("/retention/run", async (HttpContext http, RetentionService retention) =>
            TypedResults.Ok(View(await retention.RunAsync(await http.ActorAsync(), http.RequestAborted))));
        endpoints.MapPost("/api/privacy/people/{userId}/erase", async (string userId, HttpContext http, ErasureService erasure) =>
            TypedResults.Ok(await erasure.EraseAsync(userId, await http.ActorAsync(), http.RequestAborted))).RequireAuthorization().WithTags("Privacy");
        endpoints.MapPost("/api/privacy/people/{userId}/exports", async (string userId, HttpContext http, PersonalExportService exports) =>
        {
            var export = await exports.RequestAsync(userId, await http.ActorAsync(), LinkBase(http), http.RequestAborted);
            return TypedResults.Accepted($"/api/privacy/people/{Uri.EscapeDataString(userId)}/exports", ExportView.Of(export));
        }).RequireAuthorization().WithTags("Privacy");
        endpoints.MapGet("/api/privacy/people/{userId}/exports", async (string userId, HttpContext http, PersonalExportService exports) =>
            TypedResults.Ok((await exports.ForPersonAsync(userId, await http.ActorAsync(), http.RequestAborted)).Select(ExportView.Of).ToList()))
            .RequireAuthorization().WithTags("Privacy");
        endpoints.MapGet("/api/privacy/exports/{id:guid}/archive", async (Guid id, HttpContext http, PersonalExportService exports) =>
        {
            var (export, content) = await exports.OpenAsync(id, await http.ActorAsync(), http.RequestAborted);
            http.Response.Headers["X-Content-SHA256"] = export.Sha256;
            return TypedResults.File(content.Content, "application/zip", content.Info.FileName);
        }).RequireAuthorization().WithTags("Privacy");
        endpoints.MapGet("/api/applications/{id:guid}/reads", async (Guid id, HttpContext http, ReadingLog reads) =>
            TypedResults.Ok(await reads.ForDossierAsync(id, await http.ActorAsync(), http.RequestAborted)))
            .RequireAuthorization(Roles.Administrator).WithTags("Privacy");
    }

    /// <summary>The site's address as this request sees it, for links mailed later by a background job.</summary>
    public static string LinkBase(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    /// <summary>An export as the API shows it (no storage key).</summary>
    public sealed record ExportView(Guid Id, string UserId, PersonalExportStatus Status, int Progress, DateTimeOffset RequestedAt,
        DateTimeOffset? CompletedAt, DateTimeOffset? ExpiresAt, long? Size, string? Sha256, string? Failure, string DownloadUrl)
    {
        public static ExportView Of(PersonalExport e) => new(e.Id, e.UserId, e.Status, e.Progress, e.RequestedAt, e.CompletedAt, e.ExpiresAt,
            e.Size, e.Sha256, e.Failure, $"/api/privacy/exports/{e.Id}/archive");
    }

    /// <summary>A plan as the API shows it: the rules in force with their counts, then every item and why.</summary>
    public sealed record RetentionView(DateTimeOffset At, IReadOnlyList<RuleView> Rules, IReadOnlyList<RetentionItem> Items);

    /// <summary>One rule and how many rows it removes (or would).</summary>
    public sealed record RuleView(RetentionCategory Category, RetentionEvent Event, int PeriodDays, string Rule, int Count);

    private static RetentionView View(RetentionPlan plan) => new(plan.At,
        plan.Rules.Select(r => new RuleView(r.Category, r.Event, (int)r.Period.TotalDays, r.ToString(), plan.Counts[r.Category])).ToList(), plan.Items);
}
