using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Accounts;

/// <summary>
/// The Identity user manager with one CallManager rule: an account created with a password by its owner
/// (self-registration, <c>POST /api/auth/register</c>) is an applicant. Administrators and reviewers are
/// created without a password (<see cref="CreateWithoutPasswordAsync"/>) and set one from their invitation link.
/// </summary>
public sealed class AppUserManager(
    IUserStore<AppUser> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators, IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<AppUser>> logger)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>Self-registration: creates the account and makes it an applicant.</summary>
    public override async Task<IdentityResult> CreateAsync(AppUser user, string password)
    {
        var result = await base.CreateAsync(user, password);
        return result.Succeeded ? await AddToRoleAsync(user, Roles.Applicant) : result;
    }

    /// <summary>Creates an account for an invited person (administrator or reviewer) in <paramref name="role"/>, without a password.</summary>
    public async Task<IdentityResult> CreateWithoutPasswordAsync(AppUser user, string role)
    {
        var result = await base.CreateAsync(user);
        return result.Succeeded ? await AddToRoleAsync(user, role) : result;
    }
}
