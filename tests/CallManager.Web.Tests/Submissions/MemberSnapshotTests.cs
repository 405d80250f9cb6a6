using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>
/// A dossier keeps its members as its applicant entered them and as they were when submitted: another applicant's earlier entry
/// for the same SIREN does not replace them, and a later edit without resubmitting does not change how the dossier is judged.
/// </summary>
[Collection(WebCollection.Name)]
public class MemberSnapshotTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_partner_is_judged_as_this_dossier_declared_it_at_submission(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator, "en");
        var callId = await CreatePublishedCallAsync(admin);
        var shared = Siren(900_001);

        // The first applicant names the shared partner as a non-ESS company, with one ESS partner of its own.
        var first = await DossierAsync(app, callId, 1, [Partner(shared, "Ancien nom", "SAS", false), Partner(Siren(900_002), "Transports Lot", "SAS", false),
            Partner(Siren(900_003), "Asso du Causse", "Association", true)]);
        Assert.True((await SubmitAsync(app, 1, first))["eligible"]!.GetValue<bool>());

        // The second names the same SIREN as the SCIC it has become, its only ESS partner: the dossier is eligible on its own entry.
        var second = await DossierAsync(app, callId, 2, [Partner(shared, "Coopérative du Lot", "SCIC", true), Partner(Siren(900_004), "Garage Figeac", "SARL", false),
            Partner(Siren(900_005), "Menuiserie Vayrac", "SARL", false)]);
        Assert.True((await SubmitAsync(app, 2, second))["eligible"]!.GetValue<bool>());
        Assert.Equal(("Ancien nom", false), SharedPartner(await Json(await admin.GetAsync($"/api/applications/{first}")), shared));
        Assert.Equal(("Coopérative du Lot", true), SharedPartner(await Json(await admin.GetAsync($"/api/applications/{second}")), shared));

        // An edit after submission, not resubmitted, does not change the submitted members: the rules' change judges the snapshot.
        var applicant = await app.LoginAsync(Email(2));
        await Expect(await applicant.PutAsJsonAsync($"/api/applications/{second}/answers", new
        {
            answers = new JsonObject(), partners = new[] { Partner(shared, "Coopérative du Lot", "SAS", false), Partner(Siren(900_004), "Garage Figeac", "SARL", false),
                Partner(Siren(900_005), "Menuiserie Vayrac", "SARL", false) },
        }), HttpStatusCode.OK);
        await Expect(await admin.PutAsJsonAsync($"/api/calls/{callId}", PtceCall.Input(Phases) with
        {
            EligibilityRules = [.. PtceCall.Rules.Select(r => r.Key == "partners" ? r with { Count = 2 } : r)],
        }), HttpStatusCode.OK);
        Assert.True((await Json(await admin.GetAsync($"/api/applications/{second}/eligibility")))["eligible"]!.GetValue<bool>());

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var members = await db.Set<ApplicationMember>().Where(m => m.ApplicationId == second).OrderBy(m => m.Position).ToListAsync();
        Assert.Equal(["Organisation 2", "Coopérative du Lot", "Garage Figeac", "Menuiserie Vayrac"], members.Select(m => m.Name));
        Assert.Equal(["SARL", "SCIC"], members.Skip(1).Select(m => m.LegalForm).Distinct().Order());
        Assert.True(members.Single(m => m.Siren == shared).SocialEconomy);
    }

    private static object Partner(string siren, string name, string legalForm, bool socialEconomy) =>
        new { name, siren, legalForm, socialEconomy, region = "Occitanie" };

    private static string Email(int seed) => $"applicant{seed}@asso.example";

    private static async Task<Guid> DossierAsync(CallManagerApp app, Guid callId, int seed, object[] partners)
    {
        var applicant = await app.ClientAsAsync(Email(seed), Roles.Applicant, "en");
        var id = await CreateDraftAsync(applicant, callId, await CreateOrganisationAsync(applicant, seed));
        await CompleteAsync(applicant, id, seed);
        await Expect(await applicant.PutAsJsonAsync($"/api/applications/{id}/answers", new { answers = new JsonObject(), partners }), HttpStatusCode.OK);
        return id;
    }

    private static async Task<JsonObject> SubmitAsync(CallManagerApp app, int seed, Guid id)
    {
        var response = await (await app.LoginAsync(Email(seed))).PostAsync($"/api/applications/{id}/submit", null);
        await Expect(response, HttpStatusCode.OK);
        return await Json(response);
    }

    private static (string, bool) SharedPartner(JsonObject dossier, string siren)
    {
        var partner = dossier["partners"]!.AsArray().Single(p => p!["siren"]!.GetValue<string>() == siren)!;
        return (partner["name"]!.GetValue<string>(), partner["socialEconomy"]!.GetValue<bool>());
    }
}
