using System.Security.Claims;
using CallManager.Domain.Common;

namespace CallManager.Domain.Accounts;

/// <summary>Builds the <see cref="Actor"/> of a signed-in principal (roles and preferred language from the account).</summary>
public sealed class ActorResolver(AppUserManager users)
{
    /// <summary>The actor for <paramref name="principal"/>, or <see cref="Actor.Anonymous"/>.</summary>
    public async Task<Actor> ResolveAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return Actor.Anonymous;
        var user = await users.GetUserAsync(principal);
        if (user is null) return Actor.Anonymous;
        var roles = await users.GetRolesAsync(user);
        return new Actor(user.Id, roles.ToHashSet(), user.PreferredLanguage, user.Email, user.DisplayName);
    }
}
