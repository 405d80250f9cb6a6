using System.Text;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace CallManager.Runtime.Expressions;

/// <summary>
/// Creates the engines expressions run on. Jint checks its limits between statements, so a built-in that builds a huge
/// string or buffer in one call (<c>'x'.repeat(5e8)</c>) would escape them: those built-ins are capped before they allocate,
/// array sizes are bounded, and binary buffers (which a workflow expression never needs) are removed.
/// </summary>
public static class JavaScriptSandbox
{
    private static readonly string[] Removed =
    [
        "ArrayBuffer", "SharedArrayBuffer", "DataView", "Atomics", "ShadowRealm", "Int8Array", "Uint8Array", "Uint8ClampedArray",
        "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array",
    ];

    /// <summary>The longest string a built-in may produce: what the memory limit holds in UTF-16.</summary>
    public static int MaxStringLength(RuntimeOptions options) => (int)Math.Clamp(options.ScriptMemoryLimit / 2, 1024, int.MaxValue);

    /// <summary>The largest array a script may build: each element costs at least 8 bytes of the memory limit.</summary>
    public static uint MaxArrayLength(RuntimeOptions options) => (uint)Math.Clamp(options.ScriptMemoryLimit / 8, 1024, uint.MaxValue);

    /// <summary>The most values a capped built-in walks to bound its result (each read costs tens of bytes).</summary>
    private static uint WalkBudget(RuntimeOptions options) => (uint)Math.Clamp(options.ScriptMemoryLimit / 64, 1024, uint.MaxValue);

    /// <summary>A fresh engine under <paramref name="options"/>' limits, with the capped built-ins.</summary>
    public static Engine Create(RuntimeOptions options)
    {
        var engine = new Engine(o =>
        {
            o.TimeoutInterval(options.ScriptTimeout);
            o.MaxStatements(options.ScriptMaxStatements);
            o.LimitMemory(options.ScriptMemoryLimit);
            o.LimitRecursion(64);
            o.Constraints.RegexTimeout = TimeSpan.FromMilliseconds(500);
            o.Constraints.MaxArraySize = MaxArrayLength(options);
            o.Interop.Enabled = false;
            o.Strict();
        });
        foreach (var name in Removed) engine.Global.Delete(name);
        Cap(engine, MaxStringLength(options), WalkBudget(options));
        return engine;
    }

    private static void Cap(Engine engine, int max, uint maxLength)
    {
        var strings = Prototype(engine, "String");
        Wrap(engine, strings, "repeat", 1, (self, args) => Text(engine, self).Length * Math.Max(0, Count(args, 0)));
        Wrap(engine, strings, "padStart", 1, (_, args) => Count(args, 0));
        Wrap(engine, strings, "padEnd", 1, (_, args) => Count(args, 0));
        Wrap(engine, strings, "concat", 1, (self, args) => Text(engine, self).Length + args.Sum(a => (double)TypeConverter.ToString(a).Length));
        Wrap(engine, strings, "replace", 2, (self, args) => ReplaceBound(engine, self, args, all: false, maxLength));
        Wrap(engine, strings, "replaceAll", 2, (self, args) => ReplaceBound(engine, self, args, all: true, maxLength));
        var arrays = Prototype(engine, "Array");
        arrays.Get("join"); // a prototype fills its built-ins on first use: fill it before replacing one
        Set(arrays, "join", new ClrFunction(engine, "join", (self, args) => Join(engine, self, args, max, maxLength), 1, PropertyFlag.Configurable));

        // A global regular expression collects every match natively: bound the subject it runs on.
        Wrap(engine, strings, "match", 1, (self, args) => args.Length > 0 && args[0].IsRegExp() && Text(engine, self).Length > maxLength ? double.PositiveInfinity : 0);
        Wrap(engine, strings, "split", 2, (self, args) => args.Length > 0 && args[0].IsRegExp() && Text(engine, self).Length > maxLength ? double.PositiveInfinity : 0);
        Wrap(engine, arrays, "flat", 0, (self, args) => FlatBound(self, args.Length > 0 && !args[0].IsUndefined() ? TypeConverter.ToNumber(args[0]) : 1, maxLength));
        var json = engine.Global.Get("JSON").AsObject();
        Wrap(engine, json, "stringify", 3, (_, args) => JsonBound(engine, args.Length > 0 ? args[0] : JsValue.Undefined, max, maxLength));
        var objects = engine.Global.Get("Object").AsObject();
        foreach (var name in new[] { "keys", "values", "entries", "getOwnPropertyNames" })
            Wrap(engine, objects, name, 1, (_, args) => args.Length > 0 && args[0].IsString() && args[0].AsString().Length > maxLength ? double.PositiveInfinity : 0);

        void Wrap(Engine e, ObjectInstance target, string name, int length, Func<JsValue, JsValue[], double> bound)
        {
            var original = target.Get(name);
            Set(target, name, new ClrFunction(e, name, (self, args) =>
            {
                if (bound(self, args) > max) throw TooLong(e, name, max);
                return e.Call(original, self, args);
            }, length, PropertyFlag.Configurable));
        }
    }

    private static ObjectInstance Prototype(Engine engine, string constructor) => engine.Global.Get(constructor).AsObject().Get("prototype").AsObject();

    private static void Set(ObjectInstance target, string name, JsValue function) =>
        target.FastSetProperty(name, new PropertyDescriptor(function, writable: true, enumerable: false, configurable: true));

    private static string Text(Engine engine, JsValue self) =>
        self.IsNull() || self.IsUndefined() ? throw new JavaScriptException(engine.Intrinsics.TypeError, "String.prototype method called on null or undefined") : TypeConverter.ToString(self);

    private static double Count(JsValue[] args, int index)
    {
        var number = TypeConverter.ToNumber(args.Length > index ? args[index] : JsValue.Undefined);
        return double.IsNaN(number) ? 0 : Math.Truncate(number);
    }

    /// <summary>
    /// The most a replace can produce: each possible match (every position at worst, or the counted occurrences of a string
    /// pattern) replaced by the replacement, whose <c>$&amp;</c>, <c>$`</c> and <c>$'</c> can each insert the whole subject.
    /// A function replacer runs as script, under the engine's own limits.
    /// </summary>
    private static double ReplaceBound(Engine engine, JsValue self, JsValue[] args, bool all, uint maxLength)
    {
        var subject = Text(engine, self);
        var replacement = args.Length > 1 ? args[1] : JsValue.Undefined;
        if (args.Length > 0 && args[0].IsRegExp() && subject.Length > maxLength) return double.PositiveInfinity;
        if (replacement is Jint.Native.Function.Function) return subject.Length;
        var with = TypeConverter.ToString(replacement);
        double matches = args.Length > 0 && args[0].IsString() ? Occurrences(subject, args[0].AsString(), all) : subject.Length + 1d;
        if (!all && !(args.Length > 0 && args[0].IsRegExp() && TypeConverter.ToString(args[0].AsObject().Get("flags")).Contains('g'))) matches = Math.Min(matches, 1);
        var perMatch = with.Length + (double)subject.Length * with.Count(c => c == '$');
        return subject.Length + matches * perMatch;
    }

    private static double Occurrences(string subject, string pattern, bool all)
    {
        if (pattern.Length == 0) return subject.Length + 1d;
        var count = 0;
        for (var i = subject.IndexOf(pattern, StringComparison.Ordinal); i >= 0 && (all || count == 0); i = subject.IndexOf(pattern, i + pattern.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>The elements <c>flat(depth)</c> would produce, counted up to just past <paramref name="maxLength"/>.</summary>
    private static double FlatBound(JsValue self, double depth, uint maxLength)
    {
        double count = 0;
        void Walk(JsValue value, double level)
        {
            if (count > maxLength) return;
            if (level < 0 || !value.IsArray()) { count++; return; }
            var array = value.AsArray();
            for (uint i = 0; i < TypeConverter.ToLength(array.Get("length")) && count <= maxLength; i++) Walk(array.Get(i), level - 1);
        }
        if (self.IsArray()) Walk(self, depth);
        return count > maxLength ? double.PositiveInfinity : 0;
    }

    /// <summary>
    /// Bounds what <c>JSON.stringify</c> would write by walking the value as it does (a shared array written once per path,
    /// <c>toJSON</c> called), stopping past <paramref name="max"/> characters or <paramref name="maxLength"/> values; the value
    /// is therefore read twice.
    /// </summary>
    private static double JsonBound(Engine engine, JsValue value, int max, uint maxLength)
    {
        double size = 0, values = 0;
        void Walk(JsValue v, int depth)
        {
            if (size > max || values > maxLength) return;
            values++;
            if (v is ObjectInstance o && o.Get("toJSON") is Jint.Native.Function.Function toJson) v = engine.Call(toJson, v, []);
            if (v.IsString()) { size += v.AsString().Length + 2; return; }
            if (v is not ObjectInstance target || target is Jint.Native.Function.Function) { size += 8; return; }
            if (depth > 64) { size = double.PositiveInfinity; return; } // past the recursion limit: stringify refuses it too
            if (v.IsArray())
            {
                var array = v.AsArray();
                for (uint i = 0; i < TypeConverter.ToLength(array.Get("length")) && size <= max && values <= maxLength; i++) { size++; Walk(array.Get(i), depth + 1); }
                return;
            }
            foreach (var key in target.GetOwnPropertyKeys(Types.String))
            {
                if (size > max || values > maxLength) return;
                size += TypeConverter.ToString(key).Length + 4;
                Walk(target.Get(key), depth + 1);
            }
        }
        Walk(value, 0);
        return size > max || values > maxLength ? double.PositiveInfinity : size;
    }

    /// <summary><c>Array.prototype.join</c>, refusing before the result passes <paramref name="max"/> characters.</summary>
    private static JsValue Join(Engine engine, JsValue self, JsValue[] args, int max, uint maxLength)
    {
        if (self is not ObjectInstance target) throw new JavaScriptException(engine.Intrinsics.TypeError, "Array.prototype.join called on a value that is not an object");
        var length = TypeConverter.ToLength(target.Get("length"));
        if (length > maxLength) throw new JavaScriptException(engine.Construct("RangeError", $"join of {length} elements: more than {maxLength}, the limit of an expression."));
        var separator = args.Length > 0 && !args[0].IsUndefined() ? TypeConverter.ToString(args[0]) : ",";
        var text = new StringBuilder();
        for (ulong i = 0; i < length; i++)
        {
            if (i > 0) text.Append(separator);
            var element = target.Get(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!element.IsNull() && !element.IsUndefined()) text.Append(TypeConverter.ToString(element));
            if (text.Length > max) throw TooLong(engine, "join", max);
        }
        return text.ToString();
    }

    private static JavaScriptException TooLong(Engine engine, string function, int max) =>
        new(engine.Construct("RangeError", $"{function} would build a string longer than {max} characters, the limit of an expression."));
}
