using System.Text;
using Jint;
using Jint.Native;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace CallManager.Runtime.Expressions;

/// <summary>
/// What an expression sees. Besides <c>variables</c>, <c>input</c> and their functions, Elsa 3 generates accessors that real
/// definitions call: <c>getCounter()</c> and <c>setCounter(value)</c> for a variable <c>counter</c>, <c>getOrderId()</c> for an
/// input <c>orderId</c> (the name in Pascal case: first letter and each letter after <c>_</c>, <c>-</c> or a space in capitals).
/// </summary>
public static class JavaScriptGlobals
{
    /// <summary>Defines the globals of <paramref name="scope"/> on <paramref name="engine"/>; setters write to <see cref="ExpressionScope.Variables"/>.</summary>
    public static void Install(Engine engine, ExpressionScope scope)
    {
        var variables = JavaScriptEngine.ToValue(engine, scope.Variables).AsObject();
        var input = JavaScriptEngine.ToValue(engine, scope.Input).AsObject();
        void SetVariable(string name, JsValue value)
        {
            variables.Set(name, value);
            scope.Variables[name] = JavaScriptEngine.ToNode(engine, value);
        }

        // Elsa defines the variables' accessors, then the inputs' (an input wins a shared name); the generic functions come last and always work.
        foreach (var (name, _) in scope.Variables)
        {
            if (Accessor(name) is not { } pascal) continue;
            Function(engine, "get" + pascal, 0, (_, _) => variables.Get(name));
            Function(engine, "set" + pascal, 1, (_, args) => { SetVariable(name, Arg(args, 0)); return JsValue.Undefined; });
        }
        foreach (var (name, _) in scope.Input)
            if (Accessor(name) is { } pascal) Function(engine, "get" + pascal, 0, (_, _) => input.Get(name));

        engine.SetValue("variables", variables);
        engine.SetValue("input", input);
        engine.SetValue("payload", JavaScriptEngine.ToValue(engine, scope.Payload));
        engine.SetValue("correlationId", scope.CorrelationId is null ? JsValue.Null : new JsString(scope.CorrelationId));
        engine.SetValue("instanceId", scope.InstanceId.ToString());
        engine.SetValue("now", scope.Now.UtcDateTime.ToString("O"));
        Function(engine, "getVariable", 1, (_, args) => variables.Get(TypeConverter.ToString(Arg(args, 0))));
        Function(engine, "setVariable", 2, (_, args) => { SetVariable(TypeConverter.ToString(Arg(args, 0)), Arg(args, 1)); return JsValue.Undefined; });
        Function(engine, "getInput", 1, (_, args) => input.Get(TypeConverter.ToString(Arg(args, 0))));
    }

    /// <summary>
    /// The Pascal-case part of the accessors' names (<c>order_total</c> → <c>OrderTotal</c>), or null when the name cannot make
    /// an identifier.
    /// </summary>
    public static string? Accessor(string name)
    {
        var pascal = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (c is '_' or '-' or ' ') { upper = true; continue; }
            if (!char.IsLetterOrDigit(c) && c != '$') return null;
            pascal.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return pascal.Length == 0 ? null : pascal.ToString();
    }

    private static JsValue Arg(JsValue[] args, int index) => args.Length > index ? args[index] : JsValue.Undefined;

    private static void Function(Engine engine, string name, int length, Func<JsValue, JsValue[], JsValue> body) =>
        engine.Global.FastSetProperty(name, new PropertyDescriptor(new ClrFunction(engine, name, body, length, PropertyFlag.Configurable),
            writable: true, enumerable: false, configurable: true));
}
