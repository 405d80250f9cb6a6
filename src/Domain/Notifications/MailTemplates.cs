using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Fluid;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Notifications;

/// <summary>
/// The Liquid (Fluid) mail templates: <c>Templates/&lt;kind&gt;.&lt;lang&gt;.liquid</c> holds <c>Subject: ...</c> on its first
/// line and the text body below; an optional <c>&lt;kind&gt;.&lt;lang&gt;.html.liquid</c> holds the HTML body. Parsed once, cached.
/// Model members are read in camelCase (<c>{{ applicant.displayName }}</c>).
/// </summary>
public sealed partial class MailTemplates
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, Lazy<ParsedMailTemplate>> _cache = new();
    private readonly TemplateOptions _options = new();

    /// <summary>The folder the templates are read from.</summary>
    public string Directory { get; }

    public MailTemplates(IOptions<MailOptions> options)
    {
        Directory = Path.GetFullPath(options.Value.TemplateDirectory ?? DefaultDirectory);
        _options.MemberAccessStrategy = new UnsafeMemberAccessStrategy { MemberNameStrategy = MemberNameStrategies.CamelCase };
    }

    /// <summary>The templates copied beside the binaries from <c>src/Domain/Notifications/Templates</c>.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Notifications", "Templates");

    /// <summary>Renders template <paramref name="kind"/> in <paramref name="language"/> with <paramref name="model"/>.</summary>
    /// <exception cref="MailTemplateException">The template is missing or does not parse; the message names the file.</exception>
    public async Task<RenderedTemplate> RenderAsync(string kind, string language, object? model)
    {
        var template = Get(kind, language);
        var context = model is null ? new TemplateContext(_options) : new TemplateContext(model, _options);
        var subject = await template.Subject.RenderAsync(context, NullEncoder.Default);
        var text = await template.Text.RenderAsync(context, NullEncoder.Default);
        var html = template.Html is null ? null : await template.Html.RenderAsync(context, HtmlEncoder.Default);
        return new RenderedTemplate(OneLine(subject), text.Trim('\r', '\n') + "\n", html);
    }

    /// <summary>The parsed template, from the cache or parsed now (failures are not cached: a fixed file is picked up).</summary>
    public ParsedMailTemplate Get(string kind, string language)
    {
        if (!SafeName().IsMatch(kind) || !SafeName().IsMatch(language))
            throw new MailTemplateException($"Mail template names and languages are lower-case words with dashes; got '{kind}' / '{language}'.");
        var key = $"{kind}.{language}";
        // One parse per template even when a rush of requests asks for it at once (measured: every first request parsed it).
        var lazy = _cache.GetOrAdd(key, k => new Lazy<ParsedMailTemplate>(() => Load(k)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _cache.TryRemove(new KeyValuePair<string, Lazy<ParsedMailTemplate>>(key, lazy));
            throw;
        }
    }

    private ParsedMailTemplate Load(string key)
    {
        var path = Path.Combine(Directory, key + ".liquid");
        if (!File.Exists(path))
            throw new MailTemplateException($"Mail template {key}.liquid is missing: expected {path} (templates live in src/Domain/Notifications/Templates).");
        var source = File.ReadAllText(path).ReplaceLineEndings("\n");
        var firstLineEnd = source.IndexOf('\n') is var i and >= 0 ? i : source.Length;
        var firstLine = source[..firstLineEnd];
        if (!firstLine.StartsWith("Subject:", StringComparison.OrdinalIgnoreCase))
            throw new MailTemplateException($"Mail template {path}: the first line must be 'Subject: ...', found '{firstLine}'.");
        var htmlPath = Path.Combine(Directory, key + ".html.liquid");
        return new ParsedMailTemplate(
            Parse(path, "subject", firstLine["Subject:".Length..].Trim()),
            Parse(path, "body", source[Math.Min(firstLineEnd + 1, source.Length)..]),
            File.Exists(htmlPath) ? Parse(htmlPath, "body", File.ReadAllText(htmlPath)) : null);
    }

    private static IFluidTemplate Parse(string path, string part, string source) =>
        Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new MailTemplateException($"Mail template {path} ({part}) does not parse: {error}");

    private static string OneLine(string subject) => string.Join(' ', subject.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SafeName();
}

/// <summary>A template's three parts, parsed.</summary>
public sealed record ParsedMailTemplate(IFluidTemplate Subject, IFluidTemplate Text, IFluidTemplate? Html);

/// <summary>A rendered subject, text body and optional HTML body.</summary>
public sealed record RenderedTemplate(string Subject, string TextBody, string? HtmlBody);

/// <summary>A mail template is missing or broken; the message names the file to add or fix.</summary>
public sealed class MailTemplateException(string message) : InvalidOperationException(message);
