using System.Text.Json.Nodes;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Microsoft.Extensions.Options;

namespace CallManager.Runtime.Expressions;

/// <summary>
/// JavaScript expressions on Jint in a sandbox (<see cref="JavaScriptSandbox"/>): no CLR access; limits on time, statements,
/// memory, recursion, array and string sizes that no single built-in call escapes. Scripts are prepared once
/// (<see cref="Prepare"/>, cached per definition version by the caller) and each evaluation runs on a fresh engine, so nothing
/// one evaluation sets (a global, a prototype's property, a top-level <c>let</c>) is visible to another. Expressions see
/// <c>variables</c>, <c>getVariable(name)</c>, <c>setVariable(name, value)</c>, <c>input</c>, <c>getInput(name)</c>,
/// <c>payload</c>, <c>correlationId</c>, <c>instanceId</c>, <c>now</c> (an ISO-8601 string) and Elsa's generated accessors
/// (<see cref="JavaScriptGlobals"/>).
/// </summary>
public sealed class JavaScriptEngine(IOptions<RuntimeOptions> options)
{
    private readonly RuntimeOptions _options = options.Value;

    /// <summary>Parses <paramref name="code"/> once; throws <see cref="Acornima.ParseErrorException"/> when it does not parse.</summary>
    public static Prepared<Script> Prepare(string code) => Engine.PrepareScript(code, strict: true);

    /// <summary>Runs a prepared script in <paramref name="scope"/> and returns its value as JSON; setters write to <see cref="ExpressionScope.Variables"/>.</summary>
    public JsonNode? Evaluate(Prepared<Script> script, ExpressionScope scope)
    {
        var engine = JavaScriptSandbox.Create(_options, scope.Cancellation);
        JavaScriptGlobals.Install(engine, scope);
        scope.Configure?.Invoke(engine);
        return ToNode(engine, engine.Evaluate(script));
    }

    /// <summary>A script value as JSON (dates as instants, undefined as null).</summary>
    internal static JsonNode? ToNode(Engine engine, JsValue value)
    {
        if (value.IsNull() || value.IsUndefined()) return null;
        if (value.IsBoolean()) return JsonValue.Create(value.AsBoolean());
        if (value.IsString()) return JsonValue.Create(value.AsString());
        if (value.IsNumber())
        {
            var number = value.AsNumber();
            return number == Math.Floor(number) && Math.Abs(number) < 1e15 ? JsonValue.Create((long)number) : JsonValue.Create(number);
        }
        if (value.IsDate()) return JsonValue.Create(new DateTimeOffset(value.AsDate().ToDateTime().ToUniversalTime()));
        var json = new JsonSerializer(engine).Serialize(value);
        return json.IsUndefined() ? null : JsonNode.Parse(json.AsString());
    }

    /// <summary>JSON as a script value of <paramref name="engine"/>.</summary>
    internal static JsValue ToValue(Engine engine, JsonNode? node) =>
        node is null ? JsValue.Null : new JsonParser(engine).Parse(node.ToJsonString());
}
