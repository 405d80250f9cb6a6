using System.Text.Json.Nodes;
using CallManager.Domain.Common;
using CallManager.Runtime.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Grants.Activities;

/// <summary>
/// Opens the grant of the correlated dossier from the "DossierSelected" payload held in variable <c>selection</c>
/// (input, default "Selection"): applicationId, callId, amount. Idempotent; saved with the workflow step.
/// </summary>
public sealed class OpenGrant : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var variable = context.GetInput<string>("selection") ?? "Selection";
        var payload = context.GetVariable(variable) as JsonObject
            ?? throw new InvalidOperationException($"Variable '{variable}' holds no DossierSelected payload (applicationId, callId, amount).");
        var applicationId = ActivityContext.Convert<Guid?>(payload["applicationId"]) ?? Guid.Parse(context.CorrelationId!);
        if (applicationId.ToString() != context.CorrelationId)
            throw new InvalidOperationException($"The payload names dossier {applicationId}, but the workflow is correlated with {context.CorrelationId}.");
        var amount = ActivityContext.Convert<decimal?>(payload["amount"])
            ?? throw new InvalidOperationException("The DossierSelected payload has no 'amount' (the granted amount in euros).");
        var lifecycle = context.Services.GetRequiredService<GrantLifecycle>();
        var grant = await lifecycle.OpenAsync(new GrantOpening(applicationId, ActivityContext.Convert<Guid?>(payload["callId"]), amount), Actor.System, context.CancellationToken);
        context.SetVariable("GrantId", grant.Id.ToString());
        context.Journal($"Grant {grant.Reference} of {grant.Amount} is {grant.Status}.");
        return ActivityResult.Done();
    }
}
