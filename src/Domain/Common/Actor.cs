namespace CallManager.Domain.Common;

/// <summary>Who is acting (user id, roles, language); services receive it from the API or the pages alike.</summary>
public sealed record Actor(string UserId, IReadOnlySet<string> Roles, string Language = "fr", string? Email = null, string? DisplayName = null)
{
    /// <summary>The workflow runtime, start-up tasks and commands.</summary>
    public static readonly Actor System = new("system", new HashSet<string> { Accounts.Roles.Administrator }, "fr");

    /// <summary>Someone not signed in.</summary>
    public static readonly Actor Anonymous = new("", new HashSet<string>(), "fr");

    public bool IsAdministrator => Roles.Contains(Accounts.Roles.Administrator);
    public bool IsReviewer => Roles.Contains(Accounts.Roles.Reviewer);
    public bool IsApplicant => Roles.Contains(Accounts.Roles.Applicant);
    public bool IsAuthenticated => UserId.Length > 0;
}
