namespace CallManager.Domain.Calls;

/// <summary>
/// Where a new call starts before the administrator changes it: the funder's time zone, phases from next month, one criterion
/// weighing 100 %, the default grant terms and workflows. A draft created from these passes <see cref="CallValidator"/>, so each
/// step of the editor can be saved on its own from the first one.
/// </summary>
public static class CallDefaults
{
    /// <summary>The zone of French funders, offered first and used when none is given.</summary>
    public const string TimeZone = "Europe/Paris";

    /// <summary>The zones of metropolitan and overseas France, offered right after <see cref="TimeZone"/>.</summary>
    public static readonly string[] FrenchZones =
    [
        "America/Guadeloupe", "America/Martinique", "America/Cayenne", "Indian/Reunion", "Indian/Mayotte", "America/Miquelon",
        "Pacific/Noumea", "Pacific/Tahiti", "Pacific/Wallis",
    ];

    /// <summary>The IANA zones this machine knows, <see cref="TimeZone"/> first, then French overseas zones, then the rest by name.</summary>
    public static IReadOnlyList<string> TimeZones()
    {
        var known = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(z => z.Contains('/')).ToHashSet(StringComparer.Ordinal);
        var first = new[] { TimeZone }.Concat(FrenchZones).Where(known.Contains).ToList();
        return [.. first, .. known.Except(first).Order(StringComparer.Ordinal)];
    }

    /// <summary>The phases of a new call as local times: opening next month at 9:00, deadline a month later at noon, then review, deliberation and results.</summary>
    public static CallPhasesInput Phases(DateTime localToday)
    {
        var opens = localToday.Date.AddMonths(1).AddHours(9);
        return new(opens, opens.AddMonths(1).AddHours(3), opens.AddMonths(2), opens.AddMonths(2).AddDays(14), opens.AddMonths(3));
    }

    /// <summary>The single criterion a new call starts with (the administrator renames, splits and weighs it in the criteria step).</summary>
    public static List<Criterion> Criteria() => [new("quality", "Qualité du projet", "Project quality", 100m, 5)];

    /// <summary>The input of a new draft with its essentials typed and every other part at its default, in the call's zone.</summary>
    public static CallInput NewDraft(CallInput essentials, DateTimeOffset now)
    {
        var zone = string.IsNullOrWhiteSpace(essentials.TimeZone) ? TimeZone : essentials.TimeZone;
        return essentials with
        {
            TimeZone = zone,
            Phases = essentials.Phases ?? Phases(CallClock.ToLocal(now, CallClock.Zone(zone))),
            Criteria = essentials.Criteria is { Count: > 0 } c ? c : Criteria(),
            Form = essentials.Form ?? new ApplicationForm(),
            Review = essentials.Review ?? new ReviewSettings(),
            GrantTerms = essentials.GrantTerms ?? new GrantTerms(),
        };
    }
}
