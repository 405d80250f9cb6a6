using System.Globalization;
using CallManager.Domain.Common;

namespace CallManager.Domain.Calls;

/// <summary>Converts between a call's local wall-clock times (as entered and shown) and stored UTC instants.</summary>
public static class CallClock
{
    /// <summary>The time zone named <paramref name="id"/> (IANA), or an Invalid refusal naming it.</summary>
    public static TimeZoneInfo Zone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            throw DomainException.Invalid($"'{id}' is not a known time zone: use an IANA name such as Europe/Paris.",
                new Dictionary<string, LocalizableText[]> { ["timeZone"] = [$"Unknown time zone '{id}'."] });
        }
    }

    /// <summary>The first year a call's date may fall in: an earlier one (0001-01-01) is a typo or a probe, not a date.</summary>
    public const int EarliestYear = 2000;

    /// <summary>The last year a call's date may fall in.</summary>
    public const int LatestYear = 2100;

    /// <summary>
    /// The instant of local time <paramref name="local"/> in <paramref name="zone"/>. A time that does not exist
    /// (clocks moving forward) is refused; an ambiguous one (clocks moving back) means its first occurrence.
    /// A value carrying an offset or UTC marker is taken as that instant.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone, string field)
    {
        if (local.Year is < EarliestYear or > LatestYear)
            throw DomainException.Invalid($"{field}: {local:yyyy-MM-dd} is not a date a call can use: choose one between {EarliestYear} and {LatestYear}.",
                new Dictionary<string, LocalizableText[]> { [field] = [$"Choose a date between {EarliestYear} and {LatestYear}."] });
        if (local.Kind != DateTimeKind.Unspecified) return new DateTimeOffset(local.ToUniversalTime(), TimeSpan.Zero);
        if (zone.IsInvalidTime(local))
            throw DomainException.Invalid($"{field}: {local:yyyy-MM-dd HH:mm} does not exist in {zone.Id} (the clocks move forward at that hour); choose another time.",
                new Dictionary<string, LocalizableText[]> { [field] = ["This local time does not exist (daylight-saving change)."] });
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The wall-clock time of <paramref name="instant"/> in <paramref name="zone"/> (no offset).</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);

    /// <summary>"15 mars 2027 à 12:00 (Europe/Paris)" or "15 March 2027 at 12:00 (Europe/Paris)".</summary>
    public static string Format(DateTimeOffset instant, string zoneId, string language)
    {
        var local = ToLocal(instant, Zone(zoneId));
        return language == "en"
            ? local.ToString("d MMMM yyyy 'at' HH:mm", CultureInfo.GetCultureInfo("en-GB")) + $" ({zoneId})"
            : local.ToString("d MMMM yyyy 'à' HH:mm", CultureInfo.GetCultureInfo("fr-FR")) + $" ({zoneId})";
    }
}
