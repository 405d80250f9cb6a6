using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CallManager.Web.Hosting;
using CallManager.Domain.Common;
using Xunit.Abstractions;

namespace CallManager.Web.Tests.Localisation;

/// <summary>Every refusal written in src/Domain or src/Web has a French translation with the same placeholders.</summary>
public partial class DomainTextCoverageTests(ITestOutputHelper output)
{
    private static readonly string ResourceFile = Path.Combine(ConfigurationSetup.FindRepositoryRoot()!, "src", "Web", "Resources", "DomainText.resx");

    [Fact]
    public void Every_refusal_template_in_the_sources_has_a_French_translation()
    {
        var french = Read();
        var missing = DomainTemplateScanner.Templates.Where(t => !french.ContainsKey(t.Template) && !AlreadyFrench().IsMatch(t.Template))
            .GroupBy(t => t.Template).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var opaque in DomainTemplateScanner.Opaque) output.WriteLine($"Computed text, shown as it is: {opaque}");

        // The failure lists resx lines ready to complete (French in <value>) and paste into src/Web/Resources/DomainText.resx.
        Assert.True(missing.Count == 0, $"{missing.Count} refusal template(s) have no French translation:\n" + string.Join("\n",
            missing.Select(g => $"  <data name=\"{Xml(g.Key)}\" xml:space=\"preserve\"><value>TODO</value></data> <!-- {g.First().Location} -->")));
    }

    [Fact]
    public void Pages_show_refusals_through_their_localized_text()
    {
        // Use refusal.Localized(), refusal.LocalizedErrors(), refusal.LocalizedProblems() or ModelState.AddDomainErrors(refusal).
        Assert.Empty(DomainTemplateScanner.EnglishOnPages);
    }

    [Fact]
    public void The_scanner_finds_the_refusals_of_the_sources()
    {
        var templates = DomainTemplateScanner.Templates.Select(t => t.Template).ToHashSet();

        Assert.Contains("{0} was not found.", templates);
        Assert.Contains("The section", templates);
        // Texts built outside a refusal: yielded, added to a list, inside a collection expression, cast.
        Assert.Contains("{0} needs at least {1} grants but only {2} of its dossiers pass the pass marks.", templates);
        Assert.Contains("Dossier {0} has only {1} non-conflicted reviewers for {2} slots.", templates);
        Assert.Contains("These constraints cannot all hold together: {0}.", templates);
        Assert.Contains("region {0}", templates);
        Assert.True(templates.Count > 150, $"only {templates.Count} templates found");
    }

    [Fact]
    public void Every_French_translation_has_the_placeholders_of_its_English_template()
    {
        var wrong = Read().Where(t => !Placeholders(t.Key).SetEquals(Placeholders(t.Value)) || !Formats(t.Value))
            .Select(t => t.Key).ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void French_translations_put_a_no_break_space_before_high_punctuation()
    {
        // French typography: a no-break space (U+00A0 or U+202F) before « : ; ? ! », never an ordinary space or none.
        var wrong = Read().Values.Where(v => Regex.IsMatch(v, @" [:;?!](\s|$)|[\w»)'][:;?!](\s|$)")).ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void The_interpolated_template_is_the_composite_format_the_scanner_expects()
    {
        decimal amount = 1234.5m;
        var name = "{x}";
        LocalizableText text = $"The {{budget}} of {name} is {amount:C} ({amount,8:0.0}) {3}.";

        Assert.Equal("The {{budget}} of {0} is {1:C} ({2,8:0.0}) {3}.", text.Template);
        Assert.Equal("The {budget} of {x} is ¤1,234.50 (  1234.5) 3.", text.Format(CultureInfo.InvariantCulture));
    }

    private static Dictionary<string, string> Read() =>
        XDocument.Load(ResourceFile).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    // The indices only: a translation may change a value's format (a date as dd/MM/yyyy in French).
    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text.Replace("{{", "").Replace("}}", "")).Select(m => m.Groups[1].Value)];

    private static bool Formats(string template)
    {
        try { string.Format(CultureInfo.InvariantCulture, template, Enumerable.Repeat<object>(1, 10).ToArray()); return true; }
        catch (FormatException) { return false; }
    }

    private static string Xml(string text) => new XText(text).ToString().Replace("\"", "&quot;");

    // Some services already choose the French sentence themselves (en ? "..." : "..."): nothing to translate.
    [GeneratedRegex("[àâçéèêëîïôûùœ]")]
    private static partial Regex AlreadyFrench();

    [GeneratedRegex(@"\{(\d+)(,-?\d+)?(:[^}]*)?\}")]
    private static partial Regex Placeholder();
}
