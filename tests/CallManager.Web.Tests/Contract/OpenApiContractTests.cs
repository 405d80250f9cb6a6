using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Web.Tests.Submissions;
using Xunit.Abstractions;

namespace CallManager.Web.Tests.Contract;

/// <summary>
/// A contract fuzz test over <c>/openapi/v1.json</c>: every operation, called as anonymous, applicant, reviewer and
/// administrator with generated bad and edge inputs (<see cref="ContractInputs"/>), answers no 5xx, only statuses the document
/// lists, refusals as <c>application/problem+json</c>, and JSON bodies that match the documented schema.
/// </summary>
[Collection(WebCollection.Name)]
public class OpenApiContractTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_operation_answers_every_role_within_its_documented_contract()
    {
        await using var app = new CallManagerApp();
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var applicant = await app.ClientAsAsync("lea@asso.example", Roles.Applicant);
        var callId = await SubmissionDriver.CreatePublishedCallAsync(admin);
        var organisationId = await SubmissionDriver.CreateOrganisationAsync(applicant, 1);
        var applicationId = await SubmissionDriver.CreateDraftAsync(applicant, callId, organisationId);
        var roles = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = app.CreateClient(),
            ["applicant"] = applicant,
            ["reviewer"] = await app.ClientAsAsync("rev@expert.example", Roles.Reviewer),
            ["administrator"] = admin,
        };
        var document = JsonNode.Parse(await roles["anonymous"].GetStringAsync("/openapi/v1.json"))!;
        var schemas = new SchemaCheck(document);
        var inputs = new ContractInputs(schemas, new Dictionary<string, string> { ["id"] = callId.ToString(), ["callId"] = callId.ToString(), ["applicationId"] = applicationId.ToString(), ["organisationId"] = organisationId.ToString(), ["applications/{id}"] = applicationId.ToString() });
        var failures = new List<string>();
        var sent = 0;
        var uploads = new List<string>();

        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, operation) in item!.AsObject())
                foreach (var (label, request) in inputs.For(path, method.ToUpperInvariant(), operation!.AsObject()))
                    foreach (var (role, client) in roles)
                    {
                        using var response = await client.SendAsync(request());
                        sent++;
                        if (label.EndsWith("valid file", StringComparison.Ordinal)) uploads.Add($"{method.ToUpperInvariant()} {path} as {role} ({label}): {(int)response.StatusCode}");
                        foreach (var problem in await CheckAsync(schemas, operation!, response))
                            failures.Add($"{method.ToUpperInvariant()} {path} as {role} ({label}): {problem}");
                    }

        output.WriteLine($"{sent} requests, {failures.Count} outside the contract");
        foreach (var failure in failures.Take(200)) output.WriteLine(failure);
        Assert.True(sent > 500, $"only {sent} requests were generated");
        // Both uploads are described as multipart forms, and the applicant's valid file is stored on its own dossier.
        Assert.Contains(uploads, u => u.StartsWith("POST /api/applications/{id}/attachments as applicant (known ids, valid file): 201", StringComparison.Ordinal));
        Assert.Contains(uploads, u => u.StartsWith("POST /api/grants/{id}/reports/{reportId}", StringComparison.Ordinal));
        Assert.Empty(failures);
    }

    private static async Task<List<string>> CheckAsync(SchemaCheck schemas, JsonNode operation, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        var snippet = body.Length > 300 ? body[..300] + "…" : body;
        if (status >= 500) return [$"{status}: {snippet}"];
        var documented = operation["responses"]?[status.ToString()] ?? operation["responses"]?["default"];
        if (documented is null) return [$"{status} is not documented: {snippet}"];
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (status >= 400 && body.Length > 0 && mediaType != "application/problem+json") return [$"{status} answered as {mediaType}, not application/problem+json: {snippet}"];
        if (body.Length == 0 || mediaType is null || !mediaType.Contains("json")) return [];
        var schema = documented["content"]?[mediaType]?["schema"] ?? documented["content"]?["application/json"]?["schema"];
        if (schema is null) return documented["content"] is null ? [$"{status} has a {mediaType} body the document does not describe: {snippet}"] : [];
        return schemas.Mismatches(schema, JsonNode.Parse(body)).Select(m => $"{status} body: {m}").ToList();
    }
}
