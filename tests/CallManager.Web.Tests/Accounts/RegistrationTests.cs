using System.Net;
using System.Net.Http.Json;
using CallManager.Domain.Accounts;
using CallManager.Testing;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Localisation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Accounts;

/// <summary>
/// Registration tells nobody whether an address has an account: the answer is the same, and the owner of an address
/// already registered gets a mail instead; every account is created in a role its creator names.
/// </summary>
[Collection(WebCollection.Name)]
public class RegistrationTests
{
    private const string Owner = "lea@asso.example";

    [Fact]
    public async Task Registering_an_existing_address_through_the_API_mails_its_owner_and_leaves_the_account_as_it_was()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = MailingApp(smtp);
        await app.CreateUserAsync(Owner, Roles.Applicant);
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = Owner, password = "Another-Horse-Battery-7" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(("Votre compte CallManager existe déjà", Owner), (mail.Subject, mail.To.Mailboxes.Single().Address));
        Assert.Contains("/Account/ForgotPassword", mail.TextBody);
        using var signIn = await app.LoginAsync(Owner); // the old password still signs in: nothing was changed
        using var scope = app.Services.CreateScope();
        Assert.Equal(1, scope.ServiceProvider.GetRequiredService<AppUserManager>().Users.Count(u => u.NormalizedEmail == Owner.ToUpperInvariant()));
    }

    [Fact]
    public async Task Registering_an_existing_address_on_the_page_mails_its_owner_in_their_language()
    {
        await using var smtp = new SmtpTestServer();
        await smtp.StartAsync();
        await using var app = MailingApp(smtp);
        await app.CreateUserAsync(Owner, Roles.Applicant, language: "en");
        var session = new PageSession(app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false }));

        var response = await session.PostFormAsync("/Account/Register", "/Account/Register", new()
        {
            ["Input.DisplayName"] = "Quelqu'un", ["Input.Email"] = Owner,
            ["Input.Password"] = "Another-Horse-Battery-7", ["Input.ConfirmPassword"] = "Another-Horse-Battery-7",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(("Your CallManager account already exists", Owner), (mail.Subject, mail.To.Mailboxes.Single().Address));
    }

    [Fact]
    public async Task A_self_registered_account_is_an_applicant_and_nothing_else()
    {
        await using var app = new CallManagerApp();
        using var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { email = "new@asso.example", password = ApiClientExtensions.Password });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<AppUserManager>();
        Assert.Equal([Roles.Applicant], await users.GetRolesAsync((await users.FindByEmailAsync("new@asso.example"))!));
    }

    [Fact]
    public async Task An_account_cannot_be_created_with_a_password_without_naming_its_role()
    {
        await using var app = new CallManagerApp();
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<AppUserManager>();
        await scope.ServiceProvider.GetRequiredService<AccountService>().EnsureRolesAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => users.CreateAsync(new AppUser { UserName = "x@asso.example", Email = "x@asso.example" }, ApiClientExtensions.Password));
        var reviewer = new AppUser { UserName = "r@expert.example", Email = "r@expert.example" };
        Assert.True((await users.CreateAsync(reviewer, ApiClientExtensions.Password, Roles.Reviewer)).Succeeded);
        Assert.Equal([Roles.Reviewer], await users.GetRolesAsync(reviewer));
    }

    private static CallManagerApp MailingApp(SmtpTestServer smtp) => new(settings: new Dictionary<string, string?>
    {
        ["Mail:Smtp:Host"] = "127.0.0.1", ["Mail:Smtp:Port"] = smtp.Port.ToString(), ["Mail:Smtp:Security"] = "None",
        ["Mail:Dispatcher:PollInterval"] = "00:00:00.200",
    });
}
