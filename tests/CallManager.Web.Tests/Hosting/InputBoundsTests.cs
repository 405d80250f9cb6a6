using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Submissions;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Submissions;

namespace CallManager.Web.Tests.Hosting;

/// <summary>Every input is bounded: dates, lengths, amounts, page sizes and file names get a 4xx naming the field, never a 500 nor a silent store.</summary>
[Collection(WebCollection.Name)]
public class InputBoundsTests
{
    [Theory]
    [InlineData("opensAt", "0001-01-01T00:00:00")]
    [InlineData("resultsAt", "9999-12-31T23:59:59")]
    [InlineData("submissionDeadline", "1999-12-31T12:00:00")]
    public async Task A_call_date_outside_2000_to_2100_is_refused_on_its_field(string phase, string value)
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var body = CallBody();
        body["phases"]![phase] = value;

        var response = await admin.PostAsJsonAsync("/api/calls", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["Choose a date between 2000 and 2100."], Errors(await SubmissionDriver.Json(response), "phases." + phase));
    }

    [Fact]
    public async Task A_deadline_before_the_opening_is_refused()
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var body = CallBody();
        body["phases"]!["submissionDeadline"] = "2027-01-15T12:00:00";

        var response = await admin.PostAsJsonAsync("/api/calls", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(["submissionDeadline must come after opensAt."], Errors(await SubmissionDriver.Json(response), "phases.submissionDeadline"));
    }

    [Theory]
    [InlineData("code", 41, "The code is longer than 40 characters: shorten it.")]
    [InlineData("titleFr", 301, "The titleFr is longer than 300 characters: shorten it.")]
    public async Task A_text_longer_than_its_column_is_refused_on_its_field(string field, int length, string expected)
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var body = CallBody();
        body[field] = new string('A', length);

        var response = await admin.PostAsJsonAsync("/api/calls", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal([expected], Errors(await SubmissionDriver.Json(response), field));
    }

    [Theory]
    [InlineData("100000000000000000000", "maxGrant", "The maxGrant is too large: it must stay below 10000000000000000.")]
    [InlineData("1500000.005", "budget", "The budget envelope is an amount in euros with at most 2 decimals.")]
    public async Task A_budget_too_large_or_with_fractions_of_cents_is_refused(string budget, string field, string expected)
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var body = CallBody();
        body["budget"] = JsonNode.Parse(budget);
        if (field == "maxGrant") body["maxGrant"] = JsonNode.Parse(budget);

        var response = await admin.PostAsJsonAsync("/api/calls", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(expected, Errors(await SubmissionDriver.Json(response), field));
    }

    [Theory]
    [InlineData("?take=0", "take")]
    [InlineData("?take=5000", "take")]
    [InlineData("?skip=-1", "skip")]
    public async Task A_page_size_out_of_range_is_refused_not_clamped(string query, string field)
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);

        var response = await admin.GetAsync("/api/workflows/instances" + query);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Single(Errors(await SubmissionDriver.Json(response), field));
    }

    [Theory]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("facture\u202Efdp.exe.pdf", "facture_fdp.exe.pdf")]
    [InlineData("CON.pdf", "_CON.pdf")]
    public async Task An_uploaded_file_name_is_stored_cleaned(string name, string stored)
    {
        await using var app = new CallManagerApp();
        using var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var callId = await SubmissionDriver.CreatePublishedCallAsync(admin);
        using var applicant = await app.ClientAsAsync("lea@asso.example", Roles.Applicant);
        var applicationId = await SubmissionDriver.CreateDraftAsync(applicant, callId, await SubmissionDriver.CreateOrganisationAsync(applicant, 1));

        var response = await SubmissionDriver.UploadAsync(applicant, applicationId, "statutes", SubmissionDriver.Pdf, name);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(stored, (await SubmissionDriver.Json(response))["originalName"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("../../etc/passwd\0.pdf", "passwd_.pdf")]
    [InlineData("C:\\Users\\léa\\statuts\r\n.pdf", "statuts__.pdf")]
    [InlineData("rapport\u200B\u2066final.pdf", "rapport__final.pdf")]
    [InlineData("lpt1", "_lpt1")]
    public void Names_an_HTTP_client_cannot_send_are_cleaned_too(string name, string cleaned) => Assert.Equal(cleaned, FileTypeDetector.SanitizeName(name));

    [Fact]
    public void A_long_file_name_is_cut_to_120_characters_keeping_its_extension()
    {
        var cleaned = FileTypeDetector.SanitizeName(new string('a', 300) + ".pdf");

        Assert.Equal((120, ".pdf"), (cleaned.Length, cleaned[^4..]));
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    public void A_date_answer_outside_1800_to_2100_is_refused(string answer)
    {
        var form = new ApplicationForm { Sections = [new FormSection { Key = "s", Fields = [new FormField { Key = "founded", LabelEn = "Founded", Type = FieldType.Date }] }] };

        var errors = FormValidator.Validate(form, new JsonObject { ["founded"] = answer }, [], complete: false);

        Assert.Equal("Founded: expected a date between 1800 and 2100.", Assert.Single(errors["founded"]).ToString());
    }

    private static JsonObject CallBody() =>
        JsonSerializer.SerializeToNode(PtceCall.Input(SubmissionDriver.Phases), JsonSerializerOptions.Web)!.AsObject();

    private static string[] Errors(JsonObject problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(e => e!.GetValue<string>()).ToArray() ?? [$"no error on {field}: {problem.ToJsonString()}"];
}
