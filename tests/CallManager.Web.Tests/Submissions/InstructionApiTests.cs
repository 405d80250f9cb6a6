using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Persistence;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>
/// Instruction through the API: several dossiers decided at once, all or nothing, an ineligible one refused until a derogation,
/// which then shows in the dossier's trace; each rule's reason and the members' checks.
/// </summary>
[Collection(WebCollection.Name)]
public class InstructionApiTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task A_batch_decision_is_all_or_nothing_and_a_derogation_lets_the_ineligible_dossier_through(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator, "en");
        var callId = await PtceHubs.CreateLawCallAsync(admin);
        var (eligible, _) = await PtceHubs.EligibleAsync(app, callId);
        var (noCompany, _) = await PtceHubs.NoCompanyAsync(app, callId);
        var both = new[] { eligible, noCompany };

        await ExpectRefusal(await Batch(admin, callId, both, null, "Complete."), HttpStatusCode.UnprocessableEntity, "Admissible or Inadmissible");
        await ExpectRefusal(await Batch(admin, callId, [], "Admissible", "Complete."), HttpStatusCode.UnprocessableEntity, "at least one dossier");
        await ExpectRefusal(await Batch(admin, callId, both, "Admissible", " "), HttpStatusCode.UnprocessableEntity, "reason");
        await ExpectRefusal(await Batch(admin, callId, both, "Admissible", "Complete."), HttpStatusCode.Conflict,
            "Nothing was recorded", "1 of the 2", "PTCE-2027-0002", "'ptce'", "declared admissible");
        Assert.Equal("Submitted", (await Json(await admin.GetAsync($"/api/applications/{eligible}")))["status"]!.GetValue<string>());
        var applicant = await app.LoginAsync("applicant1@ptce.example");
        await Expect(await Batch(applicant, callId, both, "Admissible", "Complete."), HttpStatusCode.Forbidden);

        var standing = await Json(await admin.GetAsync($"/api/applications/{noCompany}/eligibility"));
        var ptce = standing["rules"]!.AsArray().Single(r => r!["rule"]!.GetValue<string>() == "ptce")!;
        Assert.False(ptce["met"]!.GetValue<bool>());
        Assert.Contains("Not met: no enterprise outside the ESS.", ptce["reason"]!.GetValue<string>());
        const string reason = "The cooperative runs a commercial activity under contract with the prefecture";
        await Expect(await admin.PostAsJsonAsync($"/api/applications/{noCompany}/derogations", new { rule = "ptce", reason }), HttpStatusCode.Created);
        var derogation = (await Json(await admin.GetAsync($"/api/applications/{noCompany}/eligibility")))["rules"]!.AsArray()
            .Single(r => r!["rule"]!.GetValue<string>() == "ptce")!["derogation"]!;
        Assert.Equal(reason, derogation["reason"]!.GetValue<string>());
        Assert.Equal("admin", derogation["grantedByName"]!.GetValue<string>()); // the account's display name

        var decided = (await JsonArray(await Batch(admin, callId, both, "Admissible", "Complete dossier."))).Select(d => d!["status"]!.GetValue<string>()).ToList();
        Assert.Equal(["Admissible", "Admissible"], decided);
        var trace = await JsonArray(await admin.GetAsync($"/api/applications/{noCompany}/trace"));
        Assert.Equal(["application.created", "application.submitted", "eligibility.derogation-granted", "application.admissibility"],
            trace.Select(e => e!["action"]!.GetValue<string>()).ToList());
        Assert.Equal(("ptce", reason), (trace[2]!["rule"]!.GetValue<string>(), trace[2]!["reason"]!.GetValue<string>()));
        Assert.Equal(("Admissible", "Complete dossier."), (trace[3]!["status"]!.GetValue<string>(), trace[3]!["reason"]!.GetValue<string>()));
        await Expect(await applicant.GetAsync($"/api/applications/{noCompany}/trace"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Communes_départements_and_régions_are_read_against_the_official_list()
    {
        await using var app = new CallManagerApp();
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator, "en");
        var callId = await PtceHubs.CreateLawCallAsync(admin);
        var applicant = await app.ClientAsAsync("lea@asso.example", Roles.Applicant, "en");

        var unknown = await applicant.PostAsJsonAsync("/api/organisations", new { name = "Les Ateliers", siren = Siren(1), legalForm = "Association", commune = "99999" });
        await ExpectRefusal(unknown, HttpStatusCode.UnprocessableEntity, "'99999' is not a commune of the official list");
        Assert.NotNull((await Json(unknown))["errors"]!["commune"]);
        await ExpectRefusal(await applicant.PostAsJsonAsync("/api/organisations", new { name = "Les Ateliers", siren = Siren(1), legalForm = "Association", region = "Atlantis" }),
            HttpStatusCode.UnprocessableEntity, "'Atlantis' is not a région of the official list");
        var created = await applicant.PostAsJsonAsync("/api/organisations", new { name = "Les Ateliers", siren = Siren(1), legalForm = "Association", commune = "Cahors (46042)", region = "Bretagne" });
        await Expect(created, HttpStatusCode.Created);
        var organisation = await Json(created);
        Assert.Equal(("46042", "Occitanie"), (organisation["commune"]!.GetValue<string>(), organisation["region"]!.GetValue<string>()));

        var dossier = await CreateDraftAsync(applicant, callId, organisation["id"]!.GetValue<Guid>());
        var refused = await applicant.PutAsJsonAsync($"/api/applications/{dossier}/answers", new { answers = new { territory = "Atlantide" } });
        await ExpectRefusal(refused, HttpStatusCode.UnprocessableEntity, "Territory: 'Atlantide' is not a département of the official list");
        await Expect(await applicant.PutAsJsonAsync($"/api/applications/{dossier}/answers", new { answers = new { territory = "46" } }), HttpStatusCode.OK);
        Assert.Equal("Lot", (await Json(await applicant.GetAsync($"/api/applications/{dossier}")))["answers"]!["territory"]!.GetValue<string>());
        await ExpectRefusal(await applicant.PutAsJsonAsync($"/api/applications/{dossier}/answers",
            new { partners = new[] { PtceHubs.Member(5, "Garage de Nulle Part", "SAS", "00000") } }), HttpStatusCode.UnprocessableEntity, "'00000' is not a commune");

        var anonymous = app.CreateClient();
        var communes = await JsonArray(await anonymous.GetAsync("/api/territories/communes?q=cahors"));
        Assert.Equal("Cahors (46042)", communes[0]!["label"]!.GetValue<string>());
        Assert.Equal("Lot", communes[0]!["departementName"]!.GetValue<string>());
        var departements = await JsonArray(await anonymous.GetAsync("/api/territories/departements"));
        Assert.Equal("Lot", departements.Single(d => d!["code"]!.GetValue<string>() == "46")!["name"]!.GetValue<string>());
        Assert.True(departements.Count >= 101, $"{departements.Count} départements"); // the 101 plus the overseas collectivities of the source
        var regions = await JsonArray(await anonymous.GetAsync("/api/territories/regions"));
        Assert.Contains(regions, r => r!["code"]!.GetValue<string>() == "76" && r["name"]!.GetValue<string>() == "Occitanie");
        Assert.True(regions.Count >= 18, $"{regions.Count} régions"); // the 18 plus the overseas collectivities of the source
    }

    private static Task<HttpResponseMessage> Batch(HttpClient client, Guid callId, Guid[] ids, string? decision, string reason) =>
        client.PostAsJsonAsync($"/api/calls/{callId}/admissibility", new { applications = ids, decision, reason });

    private static async Task<JsonArray> JsonArray(HttpResponseMessage response)
    {
        await Expect(response, HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    private static async Task ExpectRefusal(HttpResponseMessage response, HttpStatusCode status, params string[] fragments)
    {
        await Expect(response, status);
        var body = await response.Content.ReadAsStringAsync();
        foreach (var fragment in fragments) Assert.Contains(fragment, body);
    }
}
