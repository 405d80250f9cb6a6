using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;

namespace CallManager.Web.Tests.Submissions;

/// <summary>Drives the submission API as an administrator and applicants would, through HTTP only.</summary>
public sealed class SubmissionDriver(CallManagerApp app)
{
    /// <summary>PTCE phases around <see cref="CallManager.Testing.TestClock.Start"/>: deadline 15 March 2027 12:00 Paris (11:00 UTC).</summary>
    public static readonly CallPhasesInput Phases = new(new(2027, 2, 1, 9, 0, 0), new(2027, 3, 15, 12, 0, 0), new(2027, 4, 30, 18, 0, 0),
        new(2027, 5, 20, 10, 0, 0), new(2027, 6, 1, 10, 0, 0));

    /// <summary>The deadline as an instant.</summary>
    public static readonly DateTimeOffset Deadline = new(2027, 3, 15, 11, 0, 0, TimeSpan.Zero);

    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray();

    /// <summary>An administrator's client (account created on first use).</summary>
    public async Task<HttpClient> AdminAsync(string email = "admin@funder.example") => await app.ClientAsAsync(email, Roles.Administrator);

    /// <summary>Creates and publishes the PTCE call; returns its id.</summary>
    public static async Task<Guid> CreatePublishedCallAsync(HttpClient admin, int graceMinutes = 0, string code = "PTCE-2027")
    {
        var created = await admin.PostAsJsonAsync("/api/calls", PtceCall.Input(Phases, code, graceMinutes: graceMinutes));
        await Expect(created, HttpStatusCode.Created);
        var id = (await Json(created))["id"]!.GetValue<Guid>();
        await Expect(await admin.PostAsync($"/api/calls/{id}/publish", null), HttpStatusCode.OK);
        return id;
    }

    /// <summary>A valid SIREN number built from <paramref name="seed"/> (eight digits plus the Luhn key).</summary>
    public static string Siren(int seed)
    {
        var body = (10_000_000 + seed).ToString("00000000");
        for (var key = 0; key < 10; key++)
            if (CallManager.Domain.Organisations.Siren.IsValid(body + key)) return body + key;
        throw new InvalidOperationException();
    }

    /// <summary>Registers an organisation for the signed-in applicant; returns its id.</summary>
    public static async Task<Guid> CreateOrganisationAsync(HttpClient applicant, int seed, string legalForm = "Association")
    {
        var response = await applicant.PostAsJsonAsync("/api/organisations", new { name = $"Organisation {seed}", siren = Siren(seed), legalForm, socialEconomy = true, region = "Occitanie" });
        await Expect(response, HttpStatusCode.Created);
        return (await Json(response))["id"]!.GetValue<Guid>();
    }

    /// <summary>Creates a draft; returns its id.</summary>
    public static async Task<Guid> CreateDraftAsync(HttpClient applicant, Guid callId, Guid organisationId)
    {
        var response = await applicant.PostAsJsonAsync($"/api/calls/{callId}/applications", new { leadOrganisationId = organisationId });
        await Expect(response, HttpStatusCode.Created);
        return (await Json(response))["id"]!.GetValue<Guid>();
    }

    /// <summary>Partners for <paramref name="seed"/>: <paramref name="count"/> organisations, the last one from the social economy.</summary>
    public static object[] Partners(int seed, int count = 3) => Enumerable.Range(0, count)
        .Select(i => (object)new { name = $"Partner {seed}-{i}", siren = Siren(500_000 + seed * 10 + i), legalForm = "SAS", socialEconomy = i == count - 1, region = "Occitanie" })
        .ToArray();

    /// <summary>Saves complete answers (amount and partners adjustable).</summary>
    public static Task<HttpResponseMessage> SaveAnswersAsync(HttpClient applicant, Guid applicationId, int seed, decimal amount = 80000, int partners = 3) =>
        applicant.PutAsJsonAsync($"/api/applications/{applicationId}/answers", new
        {
            answers = new { title = $"Project {seed}", summary = "Shared workshop and logistics for local producers.", territory = "Lot", requestedAmount = amount, themes = new[] { "alimentation" } },
            partners = Partners(seed, partners),
        });

    /// <summary>Uploads <paramref name="content"/> as file <paramref name="name"/> for field <paramref name="fieldKey"/>.</summary>
    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid applicationId, string fieldKey, byte[] content, string name, string mediaType = "application/pdf")
    {
        var form = new MultipartFormDataContent { { new StringContent(fieldKey), "fieldKey" } };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        form.Add(file, "file", name);
        return client.PostAsync($"/api/applications/{applicationId}/attachments", form);
    }

    /// <summary>Answers and both required documents: ready to submit.</summary>
    public static async Task CompleteAsync(HttpClient applicant, Guid applicationId, int seed, decimal amount = 80000, int partners = 3)
    {
        await Expect(await SaveAnswersAsync(applicant, applicationId, seed, amount, partners), HttpStatusCode.OK);
        await Expect(await UploadAsync(applicant, applicationId, "budgetFile", Pdf, "budget.pdf"), HttpStatusCode.Created);
        await Expect(await UploadAsync(applicant, applicationId, "statutes", Pdf, "statuts.pdf"), HttpStatusCode.Created);
    }

    /// <summary>Fails with the response body when the status is not <paramref name="status"/>.</summary>
    public static async Task Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)status}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The response body as a JSON object.</summary>
    public static async Task<JsonObject> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>The body as JSON (object or array).</summary>
    public static async Task<JsonNode> Node(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
