using CallManager.Web.Hosting;
using CallManager.Domain.Accounts;
using CallManager.Domain.Privacy;

namespace CallManager.Web.Api;

/// <summary>Retention (what would go and why, run now) and who read a dossier (administrators); erasure (the person or an administrator).</summary>
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
        endpoints.MapGet("/api/applications/{id:guid}/reads", async (Guid id, HttpContext http, ReadingLog reads) =>
            TypedResults.Ok(await reads.ForDossierAsync(id, await http.ActorAsync(), http.RequestAborted)))
            .RequireAuthorization(Roles.Administrator).WithTags("Privacy");
    }

    /// <summary>A plan as the API shows it: the rules in force with their counts, then every item and why.</summary>
    public sealed record RetentionView(DateTimeOffset At, IReadOnlyList<RuleView> Rules, IReadOnlyList<RetentionItem> Items);

    /// <summary>One rule and how many rows it removes (or would).</summary>
    public sealed record RuleView(RetentionCategory Category, RetentionEvent Event, int PeriodDays, string Rule, int Count);

    private static RetentionView View(RetentionPlan plan) => new(plan.At,
        plan.Rules.Select(r => new RuleView(r.Category, r.Event, (int)r.Period.TotalDays, r.ToString(), plan.Counts[r.Category])).ToList(), plan.Items);
}
