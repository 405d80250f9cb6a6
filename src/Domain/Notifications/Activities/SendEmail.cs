using System.Text.Json.Nodes;
using CallManager.Domain.Notifications;
using CallManager.Runtime.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Domain.Notifications.Activities;

/// <summary>
/// Adds a mail to the outbox (saved with the step): recipients from <c>to</c> (an address, a list or an expression
/// giving either), <c>subject</c> and <c>body</c> usually Liquid templates over the variables.
/// </summary>
public sealed class SendEmail : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var outbox = context.Services.GetService<IMailOutbox>()
            ?? throw new InvalidOperationException("SendEmail needs a mail outbox (IMailOutbox), and none is registered.");
        var to = Addresses(context.GetInput("to")).Select(a => new MailRecipient(a)).ToList();
        if (to.Count == 0) throw new InvalidOperationException("SendEmail: input 'to' gave no recipient address.");
        var subject = context.GetInput<string>("subject") ?? "";
        var body = context.GetInput<string>("body") ?? "";
        outbox.Enqueue(new RenderedMail(to, subject, body, Kind: "workflow", CorrelationId: context.CorrelationId));
        context.Journal($"mail to {string.Join(", ", to.Select(r => r.Address))}: {subject}");
        return ValueTask.FromResult(ActivityResult.Done());
    }

    /// <summary>The addresses of a recipients value: an array, or a string separated by commas or semicolons.</summary>
    public static IEnumerable<string> Addresses(JsonNode? value) => value switch
    {
        JsonArray array => array.Select(a => a?.ToString().Trim() ?? "").Where(a => a.Length > 0),
        JsonValue v => v.ToString().Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => [],
    };
}
