using System.Globalization;

namespace CallManager.Web.Pages.Applicant.Grants;

/// <summary>Formatting shared by the partials of the grant space.</summary>
public static class GrantPage
{
    /// <summary>A day of the call's calendar in the reader's language ("1 mars 2027", "1 March 2027"), or "—".</summary>
    public static string Day(DateOnly? day) => day?.ToString("d MMMM yyyy", CultureInfo.CurrentCulture) ?? "—";
}
