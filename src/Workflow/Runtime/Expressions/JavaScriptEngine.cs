using System.Text.Json.Nodes;
using Acornima.Ast;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Microsoft.Extensions.ObjectPool;
using Microsoft.Extensions.Options;

namespace CallManager.Workflow.Runtime.Expressions;

/// <summary>
/// JavaScript expressions on Jint in a sandbox: no CLR access, limits on time, statements, memory and recursion.
/// Scripts are prepared once (<see cref="Prepare"/>, cached per definition version by the caller) and run on
/// pooled engines, never a fresh engine per evaluation. Expressions see <c>variables</c>, <c>getVariable(name)</c>,
/// <c>input</c>, <c>getInput(name)</c>, <c>payload</c>, <c>correlationId</c>, <c>instanceId</c> and <c>now</c> (an ISO-8601 string).
/// </summary>
public sealed class JavaScriptEngine
{
    private readonly ObjectPool<Engine> _engines;

    public JavaScriptEngine(IOptions<RuntimeOptions> options)
    {
        var o = options.Value;
        _engines = new DefaultObjectPool<Engine>(new EnginePolicy(o), Environment.ProcessorCount * 4);
    }

    /// <summary>Parses <paramref name="code"/> once; throws <see cref="Acornima.ParseErrorException"/> when it does not parse.</summary>
    public static Prepared<Script> Prepare(string code) => Engine.PrepareScript(code, strict: true);

    /// <summary>Runs a prepared script in <paramref name="scope"/> and returns its value as JSON.</summary>
    public JsonNode? Evaluate(Prepared<Script> script, ExpressionScope scope)
    {
        var engine = _engines.Get();
        try
        {
            var parser = new JsonParser(engine);
            engine.SetValue("variables", parser.Parse(scope.Variables.ToJsonString()));
            engine.SetValue("input", parser.Parse(scope.Input.ToJsonString()));
            engine.SetValue("payload", scope.Payload is null ? JsValue.Null : parser.Parse(scope.Payload.ToJsonString()));
            engine.SetValue("correlationId", scope.CorrelationId is null ? JsValue.Null : new JsString(scope.CorrelationId));
            engine.SetValue("instanceId", scope.InstanceId.ToString());
            engine.SetValue("now", scope.Now.UtcDateTime.ToString("O"));
            return ToNode(engine, engine.Evaluate(script));
        }
        finally
        {
            _engines.Return(engine);
        }
    }

    private static JsonNode? ToNode(Engine engine, JsValue value)
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

    private sealed class EnginePolicy(RuntimeOptions options) : PooledObjectPolicy<Engine>
    {
        public override Engine Create()
        {
            var engine = new Engine(o =>
            {
                o.TimeoutInterval(options.ScriptTimeout);
                o.MaxStatements(options.ScriptMaxStatements);
                o.LimitMemory(options.ScriptMemoryLimit);
                o.LimitRecursion(64);
                o.Constraints.RegexTimeout = TimeSpan.FromMilliseconds(500);
                o.Interop.Enabled = false;
                o.Strict();
            });
            engine.Execute("function getVariable(name) { return variables[name]; } function getInput(name) { return input[name]; }");
            return engine;
        }

        public override bool Return(Engine obj) => true;
    }
}
