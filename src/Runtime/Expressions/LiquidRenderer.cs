using System.Text.Json.Nodes;
using Fluid;

namespace CallManager.Runtime.Expressions;

/// <summary>
/// Liquid templates on Fluid: parsed once (<see cref="Parse"/>, cached per definition version by the caller) and
/// rendered with <c>Variables</c>, <c>Input</c>, <c>Payload</c>, <c>CorrelationId</c> and <c>Now</c> (also in lower case).
/// </summary>
public sealed class LiquidRenderer
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new() { MaxSteps = 100_000 };

    /// <summary>Parses <paramref name="source"/>; throws <see cref="ExpressionException"/> with Fluid's message when it does not parse.</summary>
    public static IFluidTemplate Parse(string source) =>
        Parser.TryParse(source, out var template, out var error) ? template : throw new ExpressionException(error);

    /// <summary>Renders a parsed template in <paramref name="scope"/>.</summary>
    public string Render(IFluidTemplate template, ExpressionScope scope)
    {
        var context = new TemplateContext(Options);
        Set(context, "Variables", ToPlain(scope.Variables));
        Set(context, "Input", ToPlain(scope.Input));
        Set(context, "Payload", ToPlain(scope.Payload));
        Set(context, "CorrelationId", scope.CorrelationId);
        Set(context, "Now", scope.Now);
        return template.Render(context);
    }

    private static void Set(TemplateContext context, string name, object? value)
    {
        context.SetValue(name, value);
        context.SetValue(char.ToLowerInvariant(name[0]) + name[1..], value);
    }

    /// <summary>JSON as dictionaries, lists and scalars, which Fluid navigates.</summary>
    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray a => a.Select(ToPlain).ToList(),
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<decimal>(out var d) => d,
        JsonValue v => v.ToString(),
        _ => node.ToJsonString(),
    };
}
