using System.ComponentModel.DataAnnotations;
using CallManager.Domain.Accounts;
using CallManager.Web.Pages.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.Data;

namespace CallManager.Web.Hosting;

/// <summary>
/// Wraps Identity's <c>/api/auth</c> endpoints: requests naming an account count against its rate limit
/// (<see cref="AccountRateLimits"/>), and <c>register</c> goes through <see cref="Registration"/>, which answers the same
/// whether the address exists and names the new account's role, instead of Identity's own handler.
/// </summary>
public sealed class IdentityApiFilter : IEndpointFilter
{
    private static readonly EmailAddressAttribute EmailFormat = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        foreach (var argument in context.Arguments)
        {
            if (AccountNamed(argument) is not { } attempt) continue;
            if (await http.RequestServices.GetRequiredService<AccountRateLimits>().TryAttemptAsync(attempt.Bucket, attempt.Email, http.RequestAborted) is { } wait)
            {
                await RateLimits.RejectAsync(http, wait);
                return Results.Empty;
            }
            if (argument is RegisterRequest register) return await RegisterAsync(http.RequestServices, register);
        }
        return await next(context);
    }

    private static (RateLimitBucket Bucket, string? Email)? AccountNamed(object? argument) => argument switch
    {
        LoginRequest r => (RateLimitBucket.SignIn, r.Email),
        RegisterRequest r => (RateLimitBucket.Registration, r.Email),
        ForgotPasswordRequest r => (RateLimitBucket.PasswordReset, r.Email),
        ResetPasswordRequest r => (RateLimitBucket.PasswordReset, r.Email),
        ResendConfirmationEmailRequest r => (RateLimitBucket.Confirmation, r.Email),
        _ => null,
    };

    private static async Task<IResult> RegisterAsync(IServiceProvider services, RegisterRequest request)
    {
        var users = services.GetRequiredService<AppUserManager>();
        if (string.IsNullOrEmpty(request.Email) || !EmailFormat.IsValid(request.Email))
            return Problem(IdentityResult.Failed(users.ErrorDescriber.InvalidEmail(request.Email)));
        var registered = await services.GetRequiredService<Registration>().RegisterApplicantAsync(request.Email, "", request.Password ?? "", "fr");
        if (!registered.Result.Succeeded) return Problem(registered.Result);
        if (registered.Created is { Email: not null } user)
            await services.GetRequiredService<AccountMailer>().SendConfirmationLinkAsync(user, user.Email, await services.GetRequiredService<AccountLinks>().ApiConfirmEmailAsync(user));
        return TypedResults.Ok();
    }

    // The shape of Identity's own refusals: the codes as keys, their messages as values.
    private static IResult Problem(IdentityResult result) =>
        TypedResults.ValidationProblem(result.Errors.GroupBy(e => e.Code).ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
}
