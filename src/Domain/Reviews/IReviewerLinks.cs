using CallManager.Domain.Accounts;

namespace CallManager.Domain.Reviews;

/// <summary>The links mailed to invited reviewers, built by the web layer (which knows the site's address) and handed to the domain by the caller.</summary>
public interface IReviewerLinks
{
    /// <summary>A link for a new account to set its password.</summary>
    Task<string> SetPasswordAsync(AppUser user);

    /// <summary>A link to sign in, for an account that already has a password.</summary>
    string SignIn();
}
