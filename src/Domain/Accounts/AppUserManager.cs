using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallManager.Domain.Accounts;

/// <summary>
/// The Identity user manager with one CallManager rule: every account is created in a role its caller names
/// (<see cref="CreateAsync(AppUser, string, string)"/> with a password, <see cref="CreateWithoutPasswordAsync"/> for invited
/// administrators and reviewers, who set one from their invitation link); an account without a role cannot be created.
/// </summary>
public sealed class AppUserManager(
    IUserStore<AppUser> store, IOptions<IdentityOptions> optionsAccessor, IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators, IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<AppUser>> logger)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    /// <summary>Refused: an account created with a password must be given its role (<see cref="CreateAsync(AppUser, string, string)"/>).</summary>
    public override Task<IdentityResult> CreateAsync(AppUser user, string password) =>
        throw new InvalidOperationException("Name the role of the account: call CreateAsync(user, password, role).");

    /// <summary>Creates an account with <paramref name="password"/> in <paramref name="role"/>.</summary>
    public async Task<IdentityResult> CreateAsync(AppUser user, string password, string role)
    {
        var result = await base.CreateAsync(user, password);
        return result.Succeeded ? await AddToRoleAsync(user, role) : result;
    }

    /// <summary>Creates an account for an invited person (administrator or reviewer) in <paramref name="role"/>, without a password.</summary>
    public async Task<IdentityResult> CreateWithoutPasswordAsync(AppUser user, string role)
    {
        var result = await base.CreateAsync(user);
        return result.Succeeded ? await AddToRoleAsync(user, role) : result;
    }
}
