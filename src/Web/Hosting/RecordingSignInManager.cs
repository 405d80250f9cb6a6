using System.Security.Claims;
using CallManager.Domain.Accounts;
using CallManager.Domain.Privacy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CallManager.Web.Hosting;

/// <summary>Identity's sign-in, which also records the sign-in instant (the event inactive accounts' retention counts from).</summary>
public sealed class RecordingSignInManager(UserManager<AppUser> users, IHttpContextAccessor http, IUserClaimsPrincipalFactory<AppUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<AppUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation, AccountActivityRecorder activity)
    : SignInManager<AppUser>(users, http, claims, options, logger, schemes, confirmation)
{
    /// <summary>Every sign-in (password, bearer token, after registration) passes here.</summary>
    public override async Task SignInWithClaimsAsync(AppUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        await base.SignInWithClaimsAsync(user, authenticationProperties, additionalClaims);
        await activity.SignedInAsync(user.Id);
    }
}
