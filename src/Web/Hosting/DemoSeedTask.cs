using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Web.Hosting;

/// <summary>
/// On an empty database (unless <c>Demo:Seed=false</c>): the PTCE call, one administrator, two reviewers and three applicants
/// with drafts and submitted dossiers, created through the domain services; prints the logins.
/// </summary>
public sealed class DemoSeedTask(IConfiguration configuration, IServiceProvider services, CallManagerDbContext db, TimeProvider clock,
    ILogger<DemoSeedTask> logger) : IStartupTask
{
    public const string Password = "Demo-Password-2027";
    private static readonly string[] Applicants = ["claire@demo.callmanager.test", "karim@demo.callmanager.test", "ines@demo.callmanager.test"];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue("Demo:Seed", true)) return;
        if (!await db.Set<Call>().AnyAsync(cancellationToken))
            await SeedAsync(cancellationToken);
        var lines = new[] { "admin@demo.callmanager.test (Administrator)", "jury1@demo.callmanager.test (Reviewer)", "jury2@demo.callmanager.test (Reviewer)" }
            .Concat(Applicants.Select(a => a + " (Applicant)"));
        Console.WriteLine($"Demo logins (password {Password}):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", lines));
    }

    private async Task SeedAsync(CancellationToken ct)
    {
        await services.GetRequiredService<AccountService>().EnsureRolesAsync();
        var admin = await UserAsync("admin@demo.callmanager.test", "Camille Admin", Roles.Administrator);
        await UserAsync("jury1@demo.callmanager.test", "Jules Jury", Roles.Reviewer);
        await UserAsync("jury2@demo.callmanager.test", "Jeanne Jury", Roles.Reviewer, "en");
        var adminActor = new Actor(admin.Id, new HashSet<string> { Roles.Administrator }, "fr");
        var calls = services.GetRequiredService<CallService>();
        var zone = CallClock.Zone("Europe/Paris");
        var call = await calls.CreateAsync(PtceCall.LawInput(PtceCall.PhasesAround(CallClock.ToLocal(clock.GetUtcNow(), zone))), adminActor, ct);
        await calls.PublishAsync(call.Id, adminActor, ct);
        for (var i = 0; i < Applicants.Length; i++)
            await SeedApplicantAsync(call, Applicants[i], i, ct);
        logger.LogInformation("Demo data seeded: call {Code}", call.Code);
    }

    private async Task SeedApplicantAsync(Call call, string email, int index, CancellationToken ct)
    {
        var user = await UserAsync(email, email.Split('@')[0], Roles.Applicant, index == 2 ? "en" : "fr");
        var actor = new Actor(user.Id, new HashSet<string> { Roles.Applicant }, user.PreferredLanguage, email, user.DisplayName);
        var organisation = await services.GetRequiredService<OrganisationService>().CreateAsync(
            new OrganisationInput(new[] { "Tiers-Lieu des Monts", "Coopérative Rhône Réemploi", "Énergies Citoyennes du Lot" }[index],
                new[] { "732829320", "552100554", "542107651" }[index], new[] { "Association", "SCIC", "SCOP" }[index], true,
                new[] { "Auvergne-Rhône-Alpes", "Auvergne-Rhône-Alpes", "Occitanie" }[index], new[] { "69123", "69266", "46042" }[index]), actor, ct);
        var applications = services.GetRequiredService<ApplicationService>();
        var application = await applications.CreateAsync(call.Id, new CreateApplicationInput(organisation.Id), actor, ct);
        await applications.SaveAnswersAsync(application.Id, new SaveAnswersInput(new JsonObject
        {
            ["title"] = $"Pôle de coopération {organisation.Name}",
            ["summary"] = "Mutualiser locaux, outils et compétences entre structures de l'ESS et entreprises du territoire.",
            ["territory"] = new[] { "Rhône", "Rhône", "Lot" }[index],
            ["requestedAmount"] = 60000 + 10000 * index,
        }, Partners(index)), actor, ct);
        if (index == 2) return; // the third applicant keeps a draft
        await applications.AddAttachmentAsync(application.Id, "budgetFile", "budget.pdf", new MemoryStream(DemoPdf), actor, ct);
        await applications.AddAttachmentAsync(application.Id, "statutes", "statuts.pdf", new MemoryStream(DemoPdf), actor, ct);
        await applications.SubmitAsync(application.Id, actor, ct: ct);
    }

    private static List<OrganisationInput> Partners(int index) =>
    [
        // The members share the lead's département (Rhône, Rhône, Lot), as the PTCE rule asks; the town hall is an optional member.
        new("Mairie partenaire " + index, new[] { "217500016", "216901231", "214601155" }[index], "Collectivité", false, "France",
            new[] { "69029", "69259", "46102" }[index], MemberKind.LocalAuthority),
        new("Entreprise partenaire " + index, new[] { "443061841", "380129866", "572015246" }[index], "SAS", false, "France", new[] { "69259", "69123", "46127" }[index]),
        new("Association partenaire " + index, new[] { "775663438", "784671695", "775665912" }[index], "Association", true, "France", new[] { "69266", "69029", "46309" }[index]),
    ];

    private async Task<AppUser> UserAsync(string email, string name, string role, string language = "fr")
    {
        var users = services.GetRequiredService<AppUserManager>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, PreferredLanguage = language };
        var result = await users.CreateAsync(user, Password, role);
        if (!result.Succeeded) throw new InvalidOperationException($"Demo user {email}: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>A minimal one-page PDF.</summary>
    private static byte[] DemoPdf => "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();
}
