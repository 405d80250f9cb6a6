using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace CallManager.Domain.Territories;

/// <summary>A current French commune: official INSEE code, name, département and EPCI (SIREN, when it belongs to one).</summary>
public sealed record Commune(string Code, string Name, string Departement, string? Epci);

/// <summary>A département and its région.</summary>
public sealed record Departement(string Code, string Name, string Region);

/// <summary>
/// The French administrative divisions read from <c>territories.tsv.gz</c>, which <c>scripts/build-territories.mjs</c> builds
/// from the npm package @etalab/decoupage-administratif 6.0.0 (its first line names the source). It holds no adjacency of
/// départements, so perimeters are the same EPCI, the same département or the same région.
/// </summary>
public sealed partial class Territories
{
    private static readonly Lazy<Territories> Shipped = new(Load);

    /// <summary>The official list shipped with the application, read once (immutable reference data, like a constant table).</summary>
    public static Territories Official => Shipped.Value;

    private readonly Dictionary<string, Commune> communes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Departement> departements = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> regions = new(StringComparer.Ordinal);

    /// <summary>The source line of the data file (package and version).</summary>
    public string Source { get; private set; } = "";

    /// <summary>The commune with INSEE code <paramref name="code"/>, or null.</summary>
    public Commune? Commune(string? code) => code is not null && communes.TryGetValue(code.Trim(), out var c) ? c : null;

    /// <summary>The département with <paramref name="code"/>, or null.</summary>
    public Departement? Departement(string? code) => code is not null && departements.TryGetValue(code, out var d) ? d : null;

    /// <summary>The région's name, or its code when unknown.</summary>
    public string RegionName(string code) => regions.GetValueOrDefault(code, code);

    /// <summary>Every département, by code.</summary>
    public IReadOnlyList<Departement> Departements => departementList ??= departements.Values.OrderBy(d => d.Code, StringComparer.Ordinal).ToList();

    /// <summary>Every région (code, name), by name.</summary>
    public IReadOnlyList<(string Code, string Name)> Regions =>
        regionList ??= regions.Select(r => (r.Key, r.Value)).OrderBy(r => r.Value, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), true)).ToList();

    private List<Departement>? departementList;
    private List<(Commune Commune, string Key)>? folded;
    private List<(Commune Commune, string Key)> Folded => folded ??= communes.Values.Select(c => (c, Key(c.Name))).ToList();
    private List<(string Code, string Name)>? regionList;

    /// <summary>"Cahors (46042)": how a commune is shown in a picker and read back from it.</summary>
    public static string Label(Commune commune) => $"{commune.Name} ({commune.Code})";

    /// <summary>
    /// The commune <paramref name="text"/> names: its INSEE code, a picker's label "Name (code)", or a name only one commune
    /// bears (accents and case ignored); null when none or several match.
    /// </summary>
    public Commune? ResolveCommune(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        if (Commune(trimmed) is { } byCode) return byCode;
        if (LabelCode().Match(trimmed) is { Success: true } m) return Commune(m.Groups[1].Value);
        var key = Key(trimmed);
        var named = Folded.Where(c => c.Key == key).Select(c => c.Commune).Take(2).ToList();
        return named.Count == 1 ? named[0] : null;
    }

    /// <summary>Up to <paramref name="limit"/> communes whose name starts with <paramref name="query"/> (accents and case ignored) or whose code does, the shortest names first.</summary>
    public List<Commune> SearchCommunes(string? query, int limit = 20)
    {
        if (string.IsNullOrWhiteSpace(query)) return [];
        var key = Key(query);
        var code = query.Trim();
        return Folded.Where(c => c.Commune.Code.StartsWith(code, StringComparison.OrdinalIgnoreCase) || c.Key.StartsWith(key, StringComparison.Ordinal))
            .Select(c => c.Commune).OrderBy(c => c.Name.Length).ThenBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Code, StringComparer.Ordinal)
            .Take(Math.Clamp(limit, 1, 100)).ToList();
    }

    /// <summary>The département <paramref name="text"/> names by code ("46", "2A") or by name ("Lot"), or null.</summary>
    public Departement? ResolveDepartement(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var key = Key(text);
        return Departement(text.Trim().ToUpperInvariant()) ?? departements.Values.FirstOrDefault(d => Key(d.Name) == key);
    }

    /// <summary>The région <paramref name="text"/> names by code ("76") or by name ("Occitanie"), as (code, name), or null.</summary>
    public (string Code, string Name)? ResolveRegion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        if (regions.TryGetValue(trimmed, out var name)) return (trimmed, name);
        var key = Key(trimmed);
        foreach (var (code, regionName) in regions) if (Key(regionName) == key) return (code, regionName);
        return null;
    }

    /// <summary>The région of a commune (code, name).</summary>
    public (string Code, string Name)? RegionOf(Commune commune) =>
        Departement(commune.Departement) is { } d ? (d.Region, RegionName(d.Region)) : null;

    /// <summary>A name folded for comparison: no accents, lower case, hyphens and apostrophes as spaces.</summary>
    private static string Key(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var ch in text.Trim().Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            folded.Append(ch is '-' or '\'' or '\u2019' ? ' ' : char.ToLowerInvariant(ch));
        }
        return folded.ToString();
    }

    [GeneratedRegex(@"\((\d[0-9AB]\d{3})\)\s*$")]
    private static partial Regex LabelCode();

    /// <summary>Reads the file shipped inside this assembly.</summary>
    public static Territories Load()
    {
        using var resource = typeof(Territories).Assembly.GetManifestResourceStream("CallManager.Domain.Territories.territories.tsv.gz")
            ?? throw new InvalidOperationException("territories.tsv.gz is missing from the assembly: run scripts/build-territories.mjs.");
        using var reader = new StreamReader(new GZipStream(resource, CompressionMode.Decompress));
        var territories = new Territories();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            switch (f[0])
            {
                case "R": territories.regions[f[1]] = f[2]; break;
                case "D": territories.departements[f[1]] = new(f[1], f[3], f[2]); break;
                case "C": territories.communes[f[1]] = new(f[1], f[4], f[2], f[3].Length == 0 ? null : f[3]); break;
                default: if (territories.Source.Length == 0 && line.StartsWith("# source: ", StringComparison.Ordinal)) territories.Source = line[10..]; break;
            }
        }
        return territories;
    }
}
