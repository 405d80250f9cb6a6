using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Acornima.Ast;
using Fluid;
using Jint;

namespace CallManager.Runtime.Expressions;

/// <summary>
/// Evaluates an activity input: <c>{ "typeName", "expression": { "type": "Literal" | "JavaScript" | "Liquid" | "Variable" | "Object", "value" } }</c>,
/// or a plain JSON value taken literally. Prepared scripts and parsed templates are cached in the given <see cref="ExpressionCache"/>.
/// </summary>
public sealed class ExpressionEvaluator(JavaScriptEngine javaScript, LiquidRenderer liquid)
{
    /// <summary>The expression types a definition may use.</summary>
    public static readonly string[] Types = ["Literal", "JavaScript", "Liquid", "Variable", "Object", "Json"];

    /// <summary>The value of <paramref name="input"/> in <paramref name="scope"/>.</summary>
    public JsonNode? Evaluate(JsonNode? input, ExpressionCache cache, ExpressionScope scope)
    {
        if (!TryGetExpression(input, out var type, out var value)) return input is JsonObject { } o && o.ContainsKey("typeName") ? null : input?.DeepClone();
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString();
        return type switch
        {
            "JavaScript" => text is null ? null : javaScript.Evaluate(cache.Script(text), scope),
            "Liquid" => text is null ? null : JsonValue.Create(liquid.Render(cache.Template(text), scope)),
            "Variable" => text is not null && scope.Variables.TryGetPropertyValue(text, out var variable) ? variable?.DeepClone() : null,
            "Object" or "Json" => text is null ? null : JsonNode.Parse(text),
            _ => value?.DeepClone(),
        };
    }

    /// <summary>Runs <paramref name="code"/> as a JavaScript program (RunJavaScript's script), prepared once per definition version.</summary>
    public JsonNode? RunJavaScript(string code, ExpressionCache cache, ExpressionScope scope) => javaScript.Evaluate(cache.Script(code), scope);

    /// <summary>True when <paramref name="input"/> is Elsa-shaped; gives the expression type and value.</summary>
    public static bool TryGetExpression(JsonNode? input, out string type, out JsonNode? value)
    {
        type = "";
        value = null;
        if (input is not JsonObject o || o["expression"] is not JsonObject expression) return false;
        type = expression["type"]?.ToString() ?? "Literal";
        value = expression["value"];
        return true;
    }
}

/// <summary>Prepared JavaScript and parsed Liquid of one definition version, keyed by source text.</summary>
public sealed class ExpressionCache
{
    private readonly ConcurrentDictionary<string, Prepared<Script>> _scripts = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new();

    /// <summary>The prepared script of <paramref name="code"/> (parsed on first use).</summary>
    public Prepared<Script> Script(string code) => _scripts.GetOrAdd(code, JavaScriptEngine.Prepare);

    /// <summary>The parsed template of <paramref name="source"/> (parsed on first use).</summary>
    public IFluidTemplate Template(string source) => _templates.GetOrAdd(source, LiquidRenderer.Parse);
}
