using CallManager.Domain.Calls;

namespace CallManager.Domain.Grants;

/// <summary>The arithmetic of a grant: tranche amounts that add up to the cent, report due dates in the call's time zone.</summary>
public static class GrantSchedule
{
    /// <summary>
    /// Splits <paramref name="amount"/> by the tranches' percentages, rounded to the cent so that they add up exactly:
    /// each tranche is the rounded cumulative share minus the rounded cumulative share before it.
    /// </summary>
    public static List<decimal> Split(decimal amount, IReadOnlyList<decimal> percents)
    {
        var total = percents.Sum();
        var amounts = new List<decimal>(percents.Count);
        decimal cumulative = 0, previous = 0;
        foreach (var percent in percents)
        {
            cumulative += percent;
            var rounded = Math.Round(amount * cumulative / total, 2, MidpointRounding.AwayFromZero);
            amounts.Add(rounded - previous);
            previous = rounded;
        }
        return amounts;
    }

    /// <summary>The tranches of a new grant from the call's terms.</summary>
    public static List<GrantTranche> Tranches(Guid grantId, decimal amount, GrantTerms terms)
    {
        var amounts = Split(amount, terms.Tranches.Select(t => t.Percent).ToList());
        return terms.Tranches.Select((t, i) => new GrantTranche
        {
            GrantId = grantId, Position = i + 1, Key = t.Key, Percent = t.Percent, Amount = amounts[i], AfterReport = t.AfterReport,
        }).ToList();
    }

    /// <summary>The reports of a new grant from the call's terms (due dates come with the signature).</summary>
    public static List<GrantReport> Reports(Guid grantId, GrantTerms terms) =>
        terms.Reports.OrderBy(r => r.MonthsAfterStart).Select((r, i) => new GrantReport
        {
            GrantId = grantId, Position = i + 1, Key = r.Key, LabelFr = r.LabelFr, LabelEn = r.LabelEn, MonthsAfterStart = r.MonthsAfterStart,
        }).ToList();

    /// <summary>Sets each report's due day (start plus its months) and due instant (the end of that day in <paramref name="zone"/>).</summary>
    public static void SetDueDates(IEnumerable<GrantReport> reports, DateOnly start, TimeZoneInfo zone)
    {
        foreach (var report in reports)
        {
            report.DueDate = start.AddMonths(report.MonthsAfterStart);
            report.DueAt = EndOfDay(report.DueDate.Value, zone);
        }
    }

    /// <summary>The instant local day <paramref name="day"/> ends in <paramref name="zone"/> (midnight of the next day).</summary>
    public static DateTimeOffset EndOfDay(DateOnly day, TimeZoneInfo zone) =>
        CallClock.ToInstant(day.AddDays(1).ToDateTime(TimeOnly.MinValue), zone, "dueDate");

    /// <summary>Today's date in <paramref name="zone"/>.</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) => DateOnly.FromDateTime(CallClock.ToLocal(now, zone));
}
