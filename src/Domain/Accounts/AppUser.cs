using Microsoft.AspNetCore.Identity;

namespace CallManager.Domain.Accounts;

/// <summary>A person who signs in: administrator, reviewer or applicant (roles are Identity roles).</summary>
public class AppUser : IdentityUser
{
    /// <summary>The name shown in mails and pages.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The language mails and pages use for this person: "fr" (default) or "en".</summary>
    public string PreferredLanguage { get; set; } = "fr";
}
