using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>PTCE hubs in the Lot submitted through the API on a call with the law's rules (<see cref="PtceCall.LawInput"/>).</summary>
public static class PtceHubs
{
    /// <summary>Creates and publishes the call with the PTCE rules of the law; returns its id.</summary>
    public static async Task<Guid> CreateLawCallAsync(HttpClient admin)
    {
        var created = await admin.PostAsJsonAsync("/api/calls", PtceCall.LawInput(Phases));
        await Expect(created, HttpStatusCode.Created);
        var callId = (await Json(created))["id"]!.GetValue<Guid>();
        await Expect(await admin.PostAsync($"/api/calls/{callId}/publish", null), HttpStatusCode.OK);
        return callId;
    }

    /// <summary>A member as the API takes it (SIREN from <paramref name="seed"/>, commune by INSEE code).</summary>
    public static object Member(int seed, string name, string legalForm, string commune, string kind = "Enterprise", string essBasis = "None") =>
        new { name, siren = Siren(700_000 + seed), legalForm, socialEconomy = false, region = "Occitanie", commune, kind, essBasis };

    /// <summary>The town hall of Gourdon (Lot), an optional member every hub below shares.</summary>
    public static object TownHall => Member(10, "Mairie de Gourdon", "Commune", "46127", "LocalAuthority");

    /// <summary>Lead ESS (association in Cahors) + a company in Figeac + the town hall: eligible.</summary>
    public static Task<(Guid Id, JsonObject Receipt)> EligibleAsync(CallManagerApp app, Guid callId, int seed = 1) =>
        SubmitAsync(app, callId, seed, Member(seed, "Tiers-Lieu de Cahors", "Association", "46042"), [Member(100 + seed, "Garage de Figeac", "SAS", "46102"), TownHall]);

    /// <summary>No enterprise outside the ESS (association + cooperative + town hall): not eligible.</summary>
    public static Task<(Guid Id, JsonObject Receipt)> NoCompanyAsync(CallManagerApp app, Guid callId, int seed = 2) =>
        SubmitAsync(app, callId, seed, Member(seed, "Asso du Causse", "Association", "46042"), [Member(100 + seed, "Coopérative de Figeac", "SCIC", "46102"), TownHall]);

    /// <summary>A company in Rodez (Aveyron) while the lead is in Cahors (Lot): not eligible, naming it.</summary>
    public static Task<(Guid Id, JsonObject Receipt)> OutsideAsync(CallManagerApp app, Guid callId, int seed = 3) =>
        SubmitAsync(app, callId, seed, Member(seed, "Tiers-Lieu du Quercy", "Association", "46042"), [Member(100 + seed, "Menuiserie de Rodez", "SARL", "12202"), TownHall]);

    /// <summary>A commercial company claiming an ESUS approval without the document as the only ESS candidate: not eligible.</summary>
    public static Task<(Guid Id, JsonObject Receipt)> ClaimWithoutDocumentAsync(CallManagerApp app, Guid callId, int seed = 4) =>
        SubmitAsync(app, callId, seed, Member(seed, "Solaire Lotois", "SAS", "46042", essBasis: "EsusApproval"), [Member(100 + seed, "Transports Figeac", "SARL", "46102"), TownHall]);

    /// <summary>Registers the lead for applicant number <paramref name="seed"/>, completes and submits the dossier; returns its id and receipt.</summary>
    public static async Task<(Guid Id, JsonObject Receipt)> SubmitAsync(CallManagerApp app, Guid callId, int seed, object lead, object[] partners)
    {
        var applicant = await app.ClientAsAsync($"applicant{seed}@ptce.example", Roles.Applicant, "en");
        var organisation = await applicant.PostAsJsonAsync("/api/organisations", lead);
        await Expect(organisation, HttpStatusCode.Created);
        var id = await CreateDraftAsync(applicant, callId, (await Json(organisation))["id"]!.GetValue<Guid>());
        await CompleteAsync(applicant, id, seed);
        await Expect(await applicant.PutAsJsonAsync($"/api/applications/{id}/answers", new { answers = new JsonObject(), partners }), HttpStatusCode.OK);
        var submitted = await applicant.PostAsync($"/api/applications/{id}/submit", null);
        await Expect(submitted, HttpStatusCode.OK);
        return (id, await Json(submitted));
    }
}
