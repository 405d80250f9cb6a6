using CallManager.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace CallManager.Domain.Accounts;

/// <summary>Creates administrators and seeds roles; the one place that owns how privileged accounts come to exist.</summary>
public sealed class AccountService(AppUserManager users, RoleManager<IdentityRole> roles)
{
    /// <summary>Creates every role that does not exist yet (idempotent).</summary>
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");
        }
    }

    /// <summary>Creates an administrator with a password, or gives an existing account the role; returns the user.</summary>
    public async Task<AppUser> EnsureAdministratorAsync(string email, string password, string displayName = "Administrator")
    {
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@'))
            throw DomainException.Invalid($"'{email}' is not an e-mail address: give the administrator's e-mail address.");
        await EnsureRolesAsync();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
            var invalid = new List<IdentityError>();
            foreach (var validator in users.PasswordValidators)
                invalid.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
            if (invalid.Count > 0)
                throw DomainException.Invalid("The administrator password is too weak: " + string.Join(" ", invalid.Select(e => e.Description)));
            Check(await users.CreateWithoutPasswordAsync(user, Roles.Administrator), "create the administrator");
            Check(await users.AddPasswordAsync(user, password), "set the administrator password");
        }
        else if (!await users.IsInRoleAsync(user, Roles.Administrator))
        {
            Check(await users.AddToRoleAsync(user, Roles.Administrator), "make the account an administrator");
        }
        return user;
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw DomainException.Invalid($"Could not {what}: " + string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
