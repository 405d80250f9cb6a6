using CallManager.Domain.Accounts;
using CallManager.Domain.Common;

namespace CallManager.Web.Api;

/// <summary>The <see cref="Actor"/> of the current request, for handlers that call domain services.</summary>
public static class ActorExtensions
{
    /// <summary>Resolves the signed-in user (roles, language), or <see cref="Actor.Anonymous"/>.</summary>
    public static Task<Actor> ActorAsync(this HttpContext http) =>
        http.RequestServices.GetRequiredService<ActorResolver>().ResolveAsync(http.User);
}
