using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>PTCE hubs judged as the law of 31 July 2014 (art. 9) defines them, through the API, on the demo call's rules.</summary>
[Collection(WebCollection.Name)]
public class PtceEligibilityTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Hubs_are_judged_on_their_members_lead_included_ESS_status_and_territory(DatabaseProvider provider)
    {
        await using var app = new CallManagerApp(provider);
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator, "en");
        var created = await admin.PostAsJsonAsync("/api/calls", PtceCall.LawInput(Phases));
        await Expect(created, HttpStatusCode.Created);
        var callId = (await Json(created))["id"]!.GetValue<Guid>();
        await Expect(await admin.PostAsync($"/api/calls/{callId}/publish", null), HttpStatusCode.OK);
        var townHall = Member(10, "Mairie de Gourdon", "Commune", "46127", "LocalAuthority");

        // Lead ESS (association in Cahors) + a company in Figeac + a town hall in Gourdon, all in the Lot: eligible.
        var eligible = await SubmitAsync(app, callId, 1, Member(1, "Tiers-Lieu de Cahors", "Association", "46042"),
            [Member(11, "Garage de Figeac", "SAS", "46102"), townHall]);
        Assert.True(eligible["eligible"]!.GetValue<bool>(), eligible.ToJsonString());

        // No enterprise outside the ESS.
        var noCompany = await SubmitAsync(app, callId, 2, Member(2, "Asso du Causse", "Association", "46042"),
            [Member(12, "Coopérative de Figeac", "SCIC", "46102"), townHall]);
        Assert.False(noCompany["eligible"]!.GetValue<bool>());
        Assert.Contains("no enterprise outside the ESS", Reason(noCompany));

        // A member outside the lead's département, named with its commune.
        var outside = await SubmitAsync(app, callId, 3, Member(3, "Tiers-Lieu du Quercy", "Association", "46042"),
            [Member(13, "Menuiserie de Rodez", "SARL", "12202"), townHall]);
        Assert.False(outside["eligible"]!.GetValue<bool>());
        Assert.Contains("Menuiserie de Rodez (Rodez, Aveyron) is outside the lead's département (Cahors, Lot)", Reason(outside));

        // A commercial company claiming ESS status (ESUS approval) without its document: not ESS, so no ESS enterprise at all.
        var claim = await SubmitAsync(app, callId, 4, Member(4, "Solaire Lotois", "SAS", "46042", essBasis: "EsusApproval"),
            [Member(14, "Transports Figeac", "SARL", "46102"), townHall]);
        Assert.False(claim["eligible"]!.GetValue<bool>());
        Assert.Contains("Solaire Lotois (SAS) claims ESS status without the document 'ESS evidence of a commercial company (ESUS approval or statutes)'", Reason(claim));
        Assert.Contains("no ESS enterprise", Reason(claim));
    }

    private static object Member(int seed, string name, string legalForm, string commune, string kind = "Enterprise", string essBasis = "None") =>
        new { name, siren = Siren(700_000 + seed), legalForm, socialEconomy = false, region = "Occitanie", commune, kind, essBasis };

    private static async Task<JsonObject> SubmitAsync(CallManagerApp app, Guid callId, int seed, object lead, object[] partners)
    {
        var applicant = await app.ClientAsAsync($"applicant{seed}@ptce.example", Roles.Applicant, "en");
        var organisation = await applicant.PostAsJsonAsync("/api/organisations", lead);
        await Expect(organisation, HttpStatusCode.Created);
        var id = await CreateDraftAsync(applicant, callId, (await Json(organisation))["id"]!.GetValue<Guid>());
        await CompleteAsync(applicant, id, seed);
        await Expect(await applicant.PutAsJsonAsync($"/api/applications/{id}/answers", new { answers = new JsonObject(), partners }), HttpStatusCode.OK);
        var submitted = await applicant.PostAsync($"/api/applications/{id}/submit", null);
        await Expect(submitted, HttpStatusCode.OK);
        return await Json(submitted);
    }

    private static string Reason(JsonObject receipt) => string.Join(" | ", receipt["eligibilityReasons"]!.AsArray().Select(r => r!.GetValue<string>()));
}
