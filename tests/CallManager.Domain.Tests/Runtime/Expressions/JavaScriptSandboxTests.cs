using System.Diagnostics;
using System.Text.Json.Nodes;
using CallManager.Runtime;
using CallManager.Runtime.Expressions;
using Jint.Runtime;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Tests.Runtime.Expressions;

/// <summary>The JavaScript sandbox: limits no single built-in call escapes, and a clean environment for every evaluation.</summary>
public class JavaScriptSandboxTests
{
    private static readonly RuntimeOptions Limits = new();
    private readonly JavaScriptEngine _engine = new(Options.Create(Limits));

    private JsonNode? Run(string code, JsonObject? variables = null, JsonObject? input = null) =>
        _engine.Evaluate(JavaScriptEngine.Prepare(code), new ExpressionScope(variables ?? [], input ?? [], "call-1", Guid.Empty, null, DateTimeOffset.UnixEpoch));

    [Theory]
    [InlineData("'x'.repeat(500000000).length")]
    [InlineData("'x'.padStart(500000000).length")]
    [InlineData("'x'.padEnd(500000000, 'ab').length")]
    [InlineData("new Array(100000000).join('x').length")]
    [InlineData("Array.prototype.join.call({ length: 1e12 }, '').length")]
    [InlineData("const s = 'x'.repeat(1000000); s.replaceAll('x', 'y'.repeat(1000)).length")]
    [InlineData("const s = 'x'.repeat(1000000); s.replace(/x/g, '$`').length")]
    [InlineData("const s = 'x'.repeat(3000000); s.concat(s, s, s).length")]
    [InlineData("const s = 'x'.repeat(3000000); [s, s, s].toString().length")]
    [InlineData("Array.from({ length: 1e9 }).length")]
    [InlineData("new ArrayBuffer(1e9).byteLength")]
    [InlineData("new Uint8Array(1e9).length")]
    [InlineData("let a = [1]; for (let i = 0; i < 40; i++) a = [a, a]; JSON.stringify(a).length")]
    [InlineData("let a = [1]; for (let i = 0; i < 40; i++) a = [a, a]; a.flat(Infinity).length")]
    [InlineData("Array.prototype.fill.call({ length: 1e9 }, 0).length")]
    [InlineData("'x'.repeat(1000000).split('').length")]
    [InlineData("Object.keys('x'.repeat(1000000)).length")]
    [InlineData("'x'.repeat(1000000).match(/x/g).length")]
    [InlineData("'x'.repeat(1000000).replace(/x/g, '').length")]
    public void A_single_built_in_call_stops_within_the_time_and_memory_limits(string code)
    {
        // The first evaluation in the process compiles Jint: keep that out of the measured time.
        Run("'x'.repeat(10) + [1, 2].join() + 'a'.replace('a', 'b') + Array.from({ length: 2 })");
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var refused = Assert.ThrowsAny<Exception>(() => Run(code));

        Assert.True(refused is JavaScriptException or MemoryLimitExceededException or TimeoutException, refused.ToString());
        Assert.True(clock.Elapsed < Limits.ScriptTimeout, $"{code} ran {clock.Elapsed}");
        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(used < 4 * Limits.ScriptMemoryLimit, $"{code} allocated {used:N0} bytes");
    }

    [Fact]
    public void The_repeat_of_the_report_is_refused_with_a_range_error_naming_the_limit()
    {
        var refused = Assert.Throws<JavaScriptException>(() => Run("'x'.repeat(500000000).length"));

        Assert.Equal("repeat would build a string longer than 4000000 characters, the limit of an expression.", refused.Message);
        Assert.Equal(1000, Run("'x'.repeat(1000).length")!.GetValue<long>());
        Assert.Equal("a-b-c", Run("['a', 'b', 'c'].join('-')")!.GetValue<string>());
        Assert.Equal("1,,3", Run("[1, null, 3].toString()")!.GetValue<string>());
        Assert.Equal("x-y-x", Run("'xax'.replace('a', '-y-')")!.GetValue<string>());
        Assert.Equal("bcbc", Run("'aa'.replaceAll('a', 'bc')")!.GetValue<string>());
        Assert.Equal("007", Run("'7'.padStart(3, '0')")!.GetValue<string>());
    }

    [Fact]
    public void Nothing_one_evaluation_sets_is_visible_to_another()
    {
        var variables = new JsonObject { ["a"] = "A" };
        for (var i = 0; i < 4; i++)
        {
            Run("globalThis.getVariable = () => 'POLLUTED'; Object.prototype.polluted = 'yes'; Array.prototype.join = () => 'J'; var leaked = 1; let declared = 2; 0", variables);

            Assert.Equal("A|undefined|1,2|undefined", Run("getVariable('a') + '|' + ({}).polluted + '|' + [1, 2].join() + '|' + typeof leaked", variables)!.GetValue<string>());
            Assert.Equal(2, Run("let declared = 2; declared", variables)!.GetValue<long>());
        }
    }

    [Fact]
    public void Elsa_accessors_read_and_write_variables_and_read_inputs()
    {
        var variables = new JsonObject { ["counter"] = 2, ["order_total"] = 5, ["Status"] = "open" };
        var input = new JsonObject { ["orderId"] = "o-1" };

        var result = Run("setCounter(getCounter() + 1); setStatus('closed'); setVariable('other', [1]); getCounter() + getOrderTotal() + ':' + getOrderId() + ':' + getStatus()", variables, input);

        Assert.Equal("8:o-1:closed", result!.GetValue<string>());
        Assert.Equal(3, variables["counter"]!.GetValue<long>());
        Assert.Equal("closed", variables["Status"]!.GetValue<string>());
        Assert.Equal("[1]", variables["other"]!.ToJsonString());
        Assert.Equal(3, Run("variables.counter", variables)!.GetValue<long>());
    }

    [Theory]
    [InlineData("counter", "Counter")]
    [InlineData("order_total", "OrderTotal")]
    [InlineData("due-date", "DueDate")]
    [InlineData("Reviewer Count", "ReviewerCount")]
    [InlineData("x.y", null)]
    public void Accessor_names_are_the_variable_name_in_Pascal_case(string name, string? expected) =>
        Assert.Equal(expected, JavaScriptGlobals.Accessor(name));
}
