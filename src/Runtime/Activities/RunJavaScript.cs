using System.Text.Json.Nodes;
using CallManager.Runtime.Contracts;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace CallManager.Runtime.Activities;

/// <summary>
/// Elsa's RunJavaScript: runs input <c>script</c> as a program in the sandbox every expression runs in (same limits, same globals:
/// <c>variables</c>, <c>setVariable</c>, Elsa's <c>getX()</c>/<c>setX(v)</c> accessors...). Its value is the activity's output
/// <c>result</c>, stored in the variable that output names; <c>setOutcome(name)</c> or <c>setOutcomes([names])</c> choose the ports
/// it leaves by ("Done" otherwise, and an empty script just completes).
/// </summary>
public sealed class RunJavaScript : IActivity
{
    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var script = context.GetInput<string>("script");
        if (string.IsNullOrWhiteSpace(script)) return ValueTask.FromResult(ActivityResult.Done());
        string[]? outcomes = null;
        var result = context.RunJavaScript(script, "script", engine =>
        {
            Define(engine, "setOutcome", args => outcomes = [TypeConverter.ToString(args.Length > 0 ? args[0] : JsValue.Undefined)]);
            Define(engine, "setOutcomes", args => outcomes = args.Length > 0 && args[0].IsArray()
                ? [.. args[0].AsArray().Select(TypeConverter.ToString)]
                : [.. args.Select(TypeConverter.ToString)]);
        });
        if (SetVariable.VariableName(context.Node["result"]) is { } variable) context.SetVariable(variable, result);
        return ValueTask.FromResult(outcomes is { Length: > 0 } chosen ? ActivityResult.Outcome(chosen) : ActivityResult.Done());
    }

    private static void Define(Jint.Engine engine, string name, Action<JsValue[]> body) =>
        engine.SetValue(name, new Jint.Runtime.Interop.ClrFunction(engine, name, (_, args) => { body(args); return JsValue.Undefined; }, 1));
}
