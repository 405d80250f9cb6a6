namespace CallManager.Domain.Grants;

/// <summary>How tranches are named for people: by their condition ("À la signature", the report they wait for), never by their key.</summary>
public static class GrantLabels
{
    /// <summary>The tranche's name in <paramref name="language"/>: "À la signature" / "At signature", or the label of the report it waits for.</summary>
    public static string Tranche(GrantTranche tranche, IEnumerable<GrantReport> reports, string language) =>
        tranche.AfterReport is null ? (language == "en" ? "At signature" : "À la signature")
        : reports.FirstOrDefault(r => r.Key == tranche.AfterReport)?.Label(language) ?? tranche.Key;

    /// <summary>When the tranche is paid, as a sentence in <paramref name="language"/>.</summary>
    public static string Condition(GrantTranche tranche, IEnumerable<GrantReport> reports, string language)
    {
        if (tranche.AfterReport is null) return language == "en" ? "Paid once the agreement is signed." : "Versée dès la signature de la convention.";
        var report = reports.FirstOrDefault(r => r.Key == tranche.AfterReport)?.Label(language) ?? tranche.AfterReport;
        return language == "en" ? $"Paid once the {report} is approved." : $"Versée après l'approbation du {report}.";
    }

    /// <summary>The day the tranche is expected to become payable: the signature day, or the due day of its report (null before signature).</summary>
    public static DateOnly? ExpectedOn(Grant grant, GrantTranche tranche) =>
        tranche.AfterReport is null ? grant.SignedDate : grant.Reports.FirstOrDefault(r => r.Key == tranche.AfterReport)?.DueDate;
}
