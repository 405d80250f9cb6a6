using System.Text.RegularExpressions;
using System.Xml.Linq;
using CallManager.Web.Hosting;

namespace CallManager.Web.Tests.Ui;

public partial class UiTextTests
{
    private static readonly string Resources = Path.Combine(ConfigurationSetup.FindRepositoryRoot()!, "src", "Web", "Resources");

    [Fact]
    public void Every_French_text_has_an_English_translation_with_the_same_placeholders()
    {
        var fr = Read("UiText.resx");
        var en = Read("UiText.en.resx");

        Assert.Equal(fr.Keys.Order(), en.Keys.Order());
        var mismatched = fr.Where(t => !Placeholders(t.Value).SetEquals(Placeholders(en[t.Key]))).Select(t => t.Key).ToList();
        Assert.Empty(mismatched);
    }

    [Fact]
    public void Every_text_key_used_by_a_page_exists()
    {
        var keys = Read("UiText.resx").Keys.ToHashSet();
        var pages = Path.Combine(Resources, "..", "Pages");
        var used = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.DoesNotContain(used, k => !keys.Contains(k));
    }

    [Fact]
    public void Every_plural_text_used_by_a_page_has_its_singular_and_plural_forms()
    {
        var keys = Read("UiText.resx").Keys.ToHashSet();
        var pages = Path.Combine(Resources, "..", "Pages");
        var used = Directory.EnumerateFiles(pages, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => UsedPlural().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.Contains("Audit.Count", used);
        Assert.DoesNotContain(used, k => !keys.Contains(k + ".One") || !keys.Contains(k + ".Other"));
        Assert.DoesNotContain(Read("UiText.resx").Values, v => v.Contains("(s)", StringComparison.Ordinal));
        Assert.DoesNotContain(Read("UiText.en.resx").Values, v => v.Contains("(s)", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Resources, file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    // T["Some.Key"] with a literal key (keys built at run time, like "Status." + status, are checked by the pages' tests).
    [GeneratedRegex("""T\["([A-Za-z0-9.]+)"\]""")]
    private static partial Regex UsedKey();

    // T.Plural("Some.Key", count…): the page picks "Some.Key.One" or "Some.Key.Other".
    [GeneratedRegex("""T\.Plural\("([A-Za-z0-9.]+)"\s*,""")]
    private static partial Regex UsedPlural();
}
