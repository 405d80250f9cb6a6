using System.IO.Compression;

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
public sealed class Territories
{
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
