using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Documents;
using CallManager.Domain.Grants;
using CallManager.Domain.Notifications;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Submissions;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Privacy;

/// <summary>
/// An applicant erases themself from their account page: their name and address are then nowhere an administrator can read
/// (pages, API, the dossiers' export, mails kept, documents), while the call's figures and decisions are what they were.
/// </summary>
[Collection(WebCollection.Name)]
public sealed class ErasedApplicantTests
{
    private const string Name = "Zoé Erasmus", Email = "zoe.erasmus@example.org", Phone = "06 11 22 33 44";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_erased_applicant_is_nowhere_readable_and_the_figures_stay(DatabaseProvider provider)
    {
        using var app = new CallManagerApp(provider);
        await app.CreateUserAsync("admin@funder.example", Roles.Administrator);
        var (call, dossier, grant) = await SeedAsync(app);
        var admin = await app.CookieLoginAsync("admin@funder.example");
        string[] readable =
        [
            $"/Admin/Calls/{call}/Dossiers/{dossier}", $"/Admin/Calls/{call}/Dossiers", $"/Admin/Calls/{call}/Dossiers?handler=Export&format=csv",
            "/Admin/Grants", "/Admin/Outbox", "/Admin/Audit", $"/api/applications/{dossier}", $"/api/calls/{call}/applications", $"/api/grants/{grant}",
            "/api/outbox", $"/api/calls/{call}/audit",
        ];
        var before = await ReadAllAsync(admin, readable);
        Assert.Contains(Name, before); // the check can fail: the name is there before
        var figures = await FiguresAsync(admin, call, grant);

        // The account page asks for a confirmation, then erases and signs out.
        var zoe = await app.CookieLoginAsync(Email);
        var page = await zoe.GetStringAsync("/Account/Privacy");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var unconfirmed = await zoe.PostAsync("/Account/Privacy?handler=Erase", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Contains("Cochez la case pour confirmer", await unconfirmed.Content.ReadAsStringAsync());
        var erased = await zoe.PostAsync("/Account/Privacy?handler=Erase", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["__RequestVerificationToken"] = token, ["ConfirmErasure"] = "true" }));
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);
        Assert.Equal("/Privacy?erased=true", erased.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync("/api/auth/login", JsonContent(new { email = Email, password = ApiClientExtensions.Password }))).StatusCode);

        var after = await ReadAllAsync(admin, readable);
        foreach (var marker in new[] { Name, Email, Phone, "zoe.erasmus" })
            Assert.False(after.Contains(marker, StringComparison.OrdinalIgnoreCase), $"'{marker}' is still readable after the erasure");
        await using (var db = app.Database.NewContext())
        {
            Assert.Empty(await db.Set<GeneratedDocument>().ToListAsync()); // letters made again, from the anonymised rows, when next asked for
            Assert.DoesNotContain(Name, string.Concat(await db.Set<ApplicationVersion>().Select(v => v.CanonicalApplication).ToListAsync()));
            Assert.DoesNotContain(Email, string.Concat(await db.Set<OutboxMessage>().Select(m => m.Recipients + m.Subject + m.TextBody).ToListAsync()));
        }
        Assert.Equal(figures, await FiguresAsync(admin, call, grant));
        using (var scope = app.Services.CreateScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(head: null)).Intact);
    }

    private static StringContent JsonContent(object body) => new(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static async Task<string> ReadAllAsync(HttpClient client, IEnumerable<string> urls)
    {
        var text = new StringBuilder();
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            text.Append(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }
        return text.ToString();
    }

    /// <summary>The decisions and the grant's figures, as the API gives them.</summary>
    private static async Task<string> FiguresAsync(HttpClient admin, Guid call, Guid grant)
    {
        var decisions = await admin.GetStringAsync($"/api/calls/{call}/decisions");
        var g = JsonNode.Parse(await admin.GetStringAsync($"/api/grants/{grant}"))!;
        return decisions + "|" + g["amount"] + "|" + g["status"] + "|" + g["reference"];
    }

    private static async Task<(Guid Call, Guid Dossier, Guid Grant)> SeedAsync(CallManagerApp app)
    {
        var zoe = await app.CreateUserAsync(Email, Roles.Applicant);
        var now = app.Clock.GetUtcNow();
        var form = PtceCall.Form;
        var contact = form.Fields.First(f => f.Key == "territory");
        contact.Personal = true;
        var call = new Call { Code = "PTCE", Status = CallStatus.Closed, ClosedAt = now, Form = form, Criteria = PtceCall.Criteria };
        var organisation = new Organisation { Name = "Pôle Sud", Siren = "732829320", LegalForm = "SCIC", CreatedAt = now };
        var dossier = new Application
        {
            CallId = call.Id, Reference = "PTCE-0001", LeadOrganisationId = organisation.Id, CreatedBy = zoe.Id, Status = ApplicationStatus.Selected, Title = "Tiers-lieu",
            RequestedAmount = 80_000, CreatedAt = now, UpdatedAt = now, SubmittedAt = now,
            Answers = new JsonObject { ["territory"] = $"{Name}, {Phone}", ["summary"] = "Un tiers-lieu rural" },
        };
        var version = new ApplicationVersion { ApplicationId = dossier.Id, Number = 1, ReceiptNumber = "R-0001", SubmittedAt = now, SubmittedBy = zoe.Id,
            CanonicalApplication = new JsonObject { ["answers"] = dossier.Answers.DeepClone() }.ToJsonString(), Sha256 = new string('a', 64) };
        var decision = new Decision { CallId = call.Id, ApplicationId = dossier.Id, Outcome = DecisionOutcome.Selected, GrantedAmount = 75_000, StagedBy = "system", StagedAt = now, PublishedAt = now };
        var grant = new Grant { ApplicationId = dossier.Id, CallId = call.Id, LeadOrganisationId = organisation.Id, Reference = "PTCE-0001-G1", Title = "Tiers-lieu", Amount = 75_000,
            Status = GrantStatus.Closed, OpenedAt = now, UpdatedAt = now, ClosedAt = now, AgreementAcceptedBy = zoe.Id, AgreementAcceptedByName = $"{Name} <{Email}>", AgreementAcceptedAt = now };
        var receipt = Encoding.UTF8.GetBytes($"%PDF reçu pour {Name}");
        var letter = new GeneratedDocument { Kind = "receipt", SubjectId = dossier.Id, Variant = "1", FileName = "recu.pdf", Content = receipt, Size = receipt.Length, Sha256 = new string('c', 64), CreatedAt = now };
        var mail = OutboxMessage.Create("decision-selected", "fr", $"\"{Name}\" <{Email}>", $"Décision pour {Name}", $"Bonjour {Name}", null, dossier.Reference, now, "example.org");
        await using var db = app.Database.NewContext();
        var user = await db.Users.SingleAsync(u => u.Id == zoe.Id);
        user.DisplayName = Name;
        user.PhoneNumber = Phone;
        db.AddRange(call, organisation, dossier, version, decision, grant, letter, mail, new OrganisationMember { OrganisationId = organisation.Id, UserId = zoe.Id, JoinedAt = now });
        await db.SaveChangesAsync();
        using (var scope = app.Services.CreateScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            await audit.AppendAsync(new Actor(zoe.Id, new HashSet<string> { Roles.Applicant }), nameof(Application), dossier.Id, call.Id, "application.saved", null,
                new { contact = audit.Personal(zoe.Id, $"{Name} <{Email}>") });
            await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().SaveChangesAsync();
        }
        return (call.Id, dossier.Id, grant.Id);
    }
}
