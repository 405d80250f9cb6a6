using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Accounts;

[Collection(WebCollection.Name)]
public class AuthenticationTests
{
    [Fact]
    public async Task The_bootstrap_administrator_from_configuration_signs_in_and_gets_a_bearer_token()
    {
        await using var app = new CallManagerApp(settings: new Dictionary<string, string?>
        {
            ["Bootstrap:AdminEmail"] = "admin@funder.example",
            ["Bootstrap:AdminPassword"] = "Bootstrap-Secret-1",
        });

        using var client = await app.LoginAsync("admin@funder.example", "Bootstrap-Secret-1");

        var info = await client.GetFromJsonAsync<Dictionary<string, object>>("/api/auth/manage/info");
        Assert.Equal("admin@funder.example", info!["email"].ToString());
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<AppUserManager>();
        Assert.True(await users.IsInRoleAsync((await users.FindByEmailAsync("admin@funder.example"))!, Roles.Administrator));
    }

    [Fact]
    public async Task Self_registration_makes_an_applicant()
    {
        await using var app = new CallManagerApp();

        var user = await app.CreateUserAsync("lea@asso.example", Roles.Applicant);

        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<AppUserManager>();
        Assert.Equal([Roles.Applicant], await users.GetRolesAsync((await users.FindByIdAsync(user.Id))!));
    }

    [Fact]
    public async Task An_account_is_locked_out_after_five_wrong_passwords()
    {
        await using var app = new CallManagerApp();
        await app.CreateUserAsync("lea@asso.example", Roles.Applicant);
        using var client = app.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/auth/login", new { email = "lea@asso.example", password = "wrong-password-" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        var right = await client.PostAsJsonAsync("/api/auth/login", new { email = "lea@asso.example", password = ApiClientExtensions.Password });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("LockedOut", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_page_opened_signed_out_leads_to_the_sign_in_page_and_back_while_the_api_answers_401()
    {
        await using var app = new CallManagerApp();
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });

        var page = await anonymous.GetAsync("/Applicant/Grants");
        var api = await anonymous.GetAsync("/api/applications");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Account/Login?ReturnUrl=%2FApplicant%2FGrants", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task A_page_of_another_role_leads_to_the_access_denied_page_while_the_api_answers_403()
    {
        await using var app = new CallManagerApp();
        await app.CreateUserAsync("lea@asso.example", Roles.Applicant);
        var session = await Localisation.PageSession.SignInAsync(app, "lea@asso.example");

        var page = await session.GetAsync("/Admin");
        var api = await session.GetAsync("/api/audit/verify");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", page.Headers.Location!.OriginalString.Replace("http://localhost", ""));
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
    }

    [Fact]
    public async Task The_Hangfire_dashboard_is_closed_to_anonymous_callers_once_an_administrator_exists()
    {
        await using var app = new CallManagerApp();
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        using var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_weak_bootstrap_password_is_refused_with_the_rules_it_breaks()
    {
        await using var app = new CallManagerApp();
        using var scope = app.Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();

        var error = await Assert.ThrowsAsync<CallManager.Domain.Common.DomainException>(() => accounts.EnsureAdministratorAsync("admin@funder.example", "short"));

        Assert.Contains("too weak", error.Message);
        Assert.Contains("12", error.Message);
    }
}
