using CallManager.Web.Pages.Account;
using CallManager.Domain.Accounts;
using CallManager.Domain.Reviews;

namespace CallManager.Web.Ui;

/// <summary>The links of a jury invitation, for the API and the administrators' jury page alike: set a password, or sign in to the jury space.</summary>
public sealed class ReviewerLinks(HttpContext http) : IReviewerLinks
{
    public Task<string> SetPasswordAsync(AppUser user) => http.RequestServices.GetRequiredService<AccountLinks>().SetPasswordAsync(user);

    public string SignIn() => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/Account/Login?returnUrl=%2FJury";
}
