using CallManager.Domain.Accounts;
using CallManager.Web.Pages.Account;
using Microsoft.AspNetCore.Identity;

namespace CallManager.Web.Hosting;

/// <summary>
/// Self-registration of applicants, for the page and <c>POST /api/auth/register</c> alike. The answer is the same whether
/// the address already has an account: its owner is mailed instead (with links to sign in and to reset the password), so
/// nobody learns from registering which addresses have an account.
/// </summary>
public sealed class Registration(AppUserManager users, AccountLinks links, AccountMailer mailer, ILogger<Registration> logger)
{
    /// <summary>
    /// Validates the address and the password as for a new account, then creates an applicant, or mails the owner of the
    /// address when it already has one; the created user is returned only when one was created (the caller sends its confirmation link).
    /// </summary>
    public async Task<RegistrationResult> RegisterApplicantAsync(string email, string displayName, string password, string language)
    {
        email = email.Trim();
        var user = new AppUser { UserName = email, Email = email, DisplayName = displayName.Trim(), PreferredLanguage = language };
        var refusals = await RefusalsAsync(user, password);
        if (refusals.Count > 0) return new(IdentityResult.Failed([.. refusals]), null);
        var owner = await users.FindByEmailAsync(email);
        if (owner is null)
        {
            var created = await users.CreateAsync(user, password, Roles.Applicant);
            if (created.Succeeded) return new(created, user);
            if (!created.Errors.All(IsDuplicate)) return new(created, null);
            owner = await users.FindByEmailAsync(email); // another request took the address between the look-up and the save
        }
        users.PasswordHasher.HashPassword(user, password); // as long as creating an account takes, so the answer's time tells nothing either
        if (owner?.Email is not null)
        {
            logger.LogInformation("Registration with the address of an existing account: its owner is mailed instead");
            await mailer.SendAlreadyRegisteredAsync(owner, owner.Email, links.Absolute("/Account/Login"), links.Absolute("/Account/ForgotPassword"));
        }
        return new(IdentityResult.Success, null);
    }

    /// <summary>What Identity refuses in the new account (address format, password rules), leaving out that the address is taken.</summary>
    private async Task<List<IdentityError>> RefusalsAsync(AppUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.UserValidators)
            errors.AddRange((await validator.ValidateAsync(users, user)).Errors.Where(e => !IsDuplicate(e)));
        foreach (var validator in users.PasswordValidators)
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        return errors;
    }

    private static bool IsDuplicate(IdentityError error) => error.Code is "DuplicateUserName" or "DuplicateEmail";
}

/// <summary>The outcome of a registration: <see cref="Result"/> succeeded whether or not the address was new; <see cref="Created"/> is set only for a new account.</summary>
public sealed record RegistrationResult(IdentityResult Result, AppUser? Created);
