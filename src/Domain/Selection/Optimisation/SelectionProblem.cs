using CallManager.Domain.Common;

namespace CallManager.Domain.Selection.Optimisation;

/// <summary>A criterion of the call: its weight in the total and an optional pass mark on its mean score.</summary>
public sealed record SelectionCriterion(string Name, double Weight, double? PassMark = null);

/// <summary>The dossier attribute a quota counts.</summary>
public enum QuotaDimension
{
    /// <summary>The lead organisation's region.</summary>
    Region,
    /// <summary>The dossier's main theme.</summary>
    Theme,
    /// <summary>The lead organisation's legal form.</summary>
    LegalForm,
}

/// <summary>At least <see cref="Min"/> and at most <see cref="Max"/> grants for dossiers whose dimension equals <see cref="Value"/>.</summary>
public sealed record SelectionQuota(QuotaDimension Dimension, string Value, int? Min = null, int? Max = null)
{
    /// <summary>How the quota is named to the jury, e.g. "region Bretagne".</summary>
    public string Label => $"{Dimension switch { QuotaDimension.Region => "region", QuotaDimension.Theme => "theme", _ => "legal form" }} {Value}";

    /// <summary>The quota's name inside a sentence, translatable: "region Bretagne" (in French "la région Bretagne").</summary>
    internal LocalizableText Name => Dimension switch
    {
        QuotaDimension.Region => (LocalizableText)$"region {Value}",
        QuotaDimension.Theme => (LocalizableText)$"theme {Value}",
        _ => (LocalizableText)$"legal form {Value}",
    };

    /// <summary>The quota's name at the start of a sentence: "Region Bretagne" (in French "La région Bretagne").</summary>
    // The same translated name with its first letter raised: resource keys differing only by case collide in a .resx.
    internal LocalizableText Subject => LocalizableText.FromTemplate("{0}", new CapitalizedText(Name));
}

/// <summary>A ranked dossier: organisation, attributes counted by quotas, amounts, and mean score per criterion.</summary>
/// <param name="GrantedAmount">The amount that would be granted if selected (defaults to the requested amount).</param>
public sealed record SelectionApplication(string Id, string OrganisationId, string Region, string Theme, string LegalForm,
    decimal RequestedAmount, IReadOnlyDictionary<string, double> Scores, decimal? GrantedAmount = null);

/// <summary>
/// One call's selection: dossiers listed in the call's tie-break order, criteria (weights, pass marks), budget envelope,
/// overall pass mark, quotas, the call's maximum grant, and whether an organisation may receive only one grant.
/// </summary>
public sealed record SelectionProblem(
    IReadOnlyList<SelectionApplication> Dossiers,
    IReadOnlyList<SelectionCriterion> Criteria,
    decimal Budget,
    double? OverallPassMark = null,
    IReadOnlyList<SelectionQuota>? Quotas = null,
    decimal? MaxGrant = null,
    bool OneGrantPerOrganisation = true);

/// <summary>Solver settings: wall-clock limit and CP-SAT workers (two suit the build machines).</summary>
public sealed record SelectionOptions(TimeSpan? TimeLimit = null, int Workers = 2)
{
    /// <summary>The limit used when none is given.</summary>
    public TimeSpan Limit => TimeLimit ?? TimeSpan.FromSeconds(10);
}
