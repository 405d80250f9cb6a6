namespace CallManager.Runtime.Http;

/// <summary>
/// An endpoint path as Elsa writes it (<c>orders</c>, <c>/orders/{id}</c>, <c>files/{*rest}</c>, <c>{id:int}</c>, <c>{page?}</c>),
/// normalised (one leading slash, no trailing one) and matched segment by segment, literals ignoring case like ASP.NET routing.
/// </summary>
public static class HttpRoute
{
    /// <summary>The path with one leading slash and no trailing one (<c>"/"</c> for the root).</summary>
    public static string Normalize(string? path) => "/" + string.Join('/', Segments(path));

    /// <summary>The route values when <paramref name="path"/> matches <paramref name="template"/>, else null.</summary>
    public static IReadOnlyDictionary<string, string>? Match(string template, string path)
    {
        var parts = Segments(template);
        var segments = Segments(path);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (!(part.StartsWith('{') && part.EndsWith('}')))
            {
                if (i >= segments.Length || !string.Equals(part, segments[i], StringComparison.OrdinalIgnoreCase)) return null;
                continue;
            }
            var (name, constraint, optional, catchAll) = Parameter(part[1..^1]);
            if (catchAll)
            {
                values[name] = string.Join('/', segments.Skip(i));
                return values;
            }
            if (i >= segments.Length)
            {
                if (!optional) return null;
                continue;
            }
            if (constraint == "int" && !long.TryParse(segments[i], out _)) return null;
            if (constraint == "guid" && !Guid.TryParse(segments[i], out _)) return null;
            values[name] = segments[i];
        }
        return segments.Length <= parts.Length ? values : null;
    }

    /// <summary>True when <paramref name="template"/> has parameters (a literal path is matched by equality first).</summary>
    public static bool HasParameters(string template) => template.Contains('{');

    private static (string Name, string? Constraint, bool Optional, bool CatchAll) Parameter(string text)
    {
        var catchAll = text.StartsWith('*');
        text = text.TrimStart('*');
        var optional = text.EndsWith('?');
        text = text.TrimEnd('?');
        var colon = text.IndexOf(':');
        return colon < 0 ? (text, null, optional, catchAll) : (text[..colon], text[(colon + 1)..].ToLowerInvariant(), optional, catchAll);
    }

    private static string[] Segments(string? path) =>
        [.. (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Uri.UnescapeDataString)];
}
