using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;
using CallManager.Domain.Persistence;
using CallManager.Domain.Submissions;
using CallManager.Runtime;
using CallManager.Runtime.Instances;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Grants;

/// <summary>Brings a dossier to Selected and plays the selection stage's "DossierSelected" stimulus; drives the grants API.</summary>
public static class GrantDriver
{
    /// <summary>A submitted, admissible dossier of <paramref name="applicant"/> on <paramref name="callId"/>, moved to Selected.</summary>
    public static async Task<Guid> SelectedDossierAsync(CallManagerApp app, HttpClient admin, HttpClient applicant, Guid callId, int seed)
    {
        var id = await CreateDraftAsync(applicant, callId, await CreateOrganisationAsync(applicant, seed));
        await CompleteAsync(applicant, id, seed);
        await Expect(await applicant.PostAsync($"/api/applications/{id}/submit", null), HttpStatusCode.OK);
        await Expect(await admin.PostAsJsonAsync($"/api/applications/{id}/admissibility", new { decision = "Admissible", reason = "Complet." }), HttpStatusCode.OK);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var application = await db.Set<Application>().SingleAsync(a => a.Id == id);
        await scope.ServiceProvider.GetRequiredService<ApplicationLifecycle>().TransitionAsync(application, ApplicationStatus.Selected, Actor.System, "selection.published");
        await db.SaveChangesAsync();
        return id;
    }

    /// <summary>The selection stage's stimulus for <paramref name="applicationId"/>.</summary>
    public static Stimulus Selected(Guid applicationId, Guid callId, decimal amount, string key = "decision-1") =>
        new("DossierSelected", applicationId.ToString(), new JsonObject { ["applicationId"] = applicationId, ["callId"] = callId, ["amount"] = amount },
            $"{key}:{applicationId}");

    /// <summary>Sends <see cref="Selected"/> through the runtime; returns the grant's id.</summary>
    public static async Task<Guid> SelectAsync(CallManagerApp app, Guid applicationId, Guid callId, decimal amount = 80000)
    {
        var result = await app.Services.GetRequiredService<IWorkflowRuntime>().StimulateAsync(Selected(applicationId, callId, amount));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var incidents = await db.Set<WorkflowIncident>().AsNoTracking().Select(i => i.ActivityId + ": " + i.Message).ToListAsync();
        Assert.True(incidents.Count == 0, $"The grant workflow faulted ({result.Outcome}): {string.Join("; ", incidents)}");
        return (await GrantRowAsync(app, applicationId)).Id;
    }

    /// <summary>The grant row of a dossier (untracked).</summary>
    public static async Task<Grant> GrantRowAsync(CallManagerApp app, Guid applicationId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<Grant>().AsNoTracking()
            .Include(g => g.Reports).Include(g => g.Tranches).SingleAsync(g => g.ApplicationId == applicationId);
    }

    /// <summary>The grant-follow-up instance of a dossier.</summary>
    public static async Task<WorkflowInstance> InstanceAsync(CallManagerApp app, Guid applicationId)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<WorkflowInstance>().AsNoTracking()
            .SingleAsync(i => i.DefinitionId == "grant-follow-up" && i.CorrelationId == applicationId.ToString());
    }

    /// <summary>The due instants of the timer bookmarks of a dossier's grant workflow.</summary>
    public static async Task<List<DateTimeOffset>> TimersAsync(CallManagerApp app, Guid applicationId)
    {
        var instance = await InstanceAsync(app, applicationId);
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().Set<WorkflowBookmark>().AsNoTracking()
            .Where(b => b.InstanceId == instance.Id && b.DueAt != null).Select(b => b.DueAt!.Value).ToListAsync()).Order().ToList();
    }

    /// <summary>A multipart report: the document as part "file" and one field "indicators.KEY" per figure.</summary>
    public static MultipartFormDataContent ReportForm(byte[]? document, string name = "rapport.pdf", params (string Key, string Value)[] indicators)
    {
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in indicators) form.Add(new StringContent(value), $"indicators.{key}");
        if (document is not null)
        {
            var file = new ByteArrayContent(document);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            form.Add(file, "file", name);
        }
        return form;
    }

    /// <summary>A valid report form (PDF, both default indicators).</summary>
    public static MultipartFormDataContent ValidReport(string jobs = "3") => ReportForm(Pdf, "rapport.pdf", ("jobsCreated", jobs), ("partners", "5"));

    /// <summary>The id of report or tranche <paramref name="key"/> in a grant view.</summary>
    public static Guid IdOf(JsonNode grant, string list, string key) =>
        grant[list]!.AsArray().Single(n => n!["key"]!.GetValue<string>() == key)!["id"]!.GetValue<Guid>();

    /// <summary>POST and expect <paramref name="status"/>; returns the body as JSON (or null when empty).</summary>
    public static async Task<JsonNode?> PostAsync(HttpClient client, string url, HttpContent? body, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await client.PostAsync(url, body);
        await Expect(response, status);
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
