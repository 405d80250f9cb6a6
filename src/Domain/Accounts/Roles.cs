namespace CallManager.Domain.Accounts;

/// <summary>The three roles of CallManager.</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Reviewer = "Reviewer";
    public const string Applicant = "Applicant";

    /// <summary>Every role, for seeding.</summary>
    public static readonly string[] All = [Administrator, Reviewer, Applicant];
}
