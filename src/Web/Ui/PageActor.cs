using System.Globalization;
using CallManager.Domain.Accounts;
using CallManager.Domain.Common;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Ui;

/// <summary>The <see cref="Actor"/> behind a page request, speaking the language the page is shown in.</summary>
public static class PageActor
{
    /// <summary>Resolves the signed-in person (or anonymous) with the UI language, so the domain's messages match the page.</summary>
    public static async Task<Actor> ActorAsync(this PageModel page)
    {
        var actor = await page.HttpContext.RequestServices.GetRequiredService<ActorResolver>().ResolveAsync(page.User);
        return actor with { Language = Format.Language };
    }
}

/// <summary>Culture-aware formatting for pages: euros, instants in a call's zone, counts.</summary>
public static class Format
{
    /// <summary>"fr" or "en": the language of the current request.</summary>
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "fr";

    /// <summary>"12 500 €" in French, "€12,500" in English (cents only when there are some).</summary>
    public static string Euros(decimal? amount)
    {
        return amount is { } value ? Domain.Submissions.AnswerText.Euros(value, Language) : "—";
    }

    /// <summary>An instant as a date and time in <paramref name="zone"/>, the zone named: "15 mars 2027 à 12:00 (Europe/Paris)".</summary>
    public static string Instant(DateTimeOffset instant, string zone) => Domain.Calls.CallClock.Format(instant, zone, Language);

    /// <summary>An instant as a date only in <paramref name="zone"/>: "15 mars 2027".</summary>
    public static string Date(DateTimeOffset instant, string zone) =>
        Domain.Calls.CallClock.ToLocal(instant, Domain.Calls.CallClock.Zone(zone))
            .ToString("d MMMM yyyy", CultureInfo.GetCultureInfo(Language == "en" ? "en-GB" : "fr-FR"));

    /// <summary>A number in the page's culture.</summary>
    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.CurrentCulture);
}
