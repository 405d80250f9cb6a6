using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Attachments;
using CallManager.Domain.Calls;
using CallManager.Domain.Notifications;
using CallManager.Domain.Persistence;
using CallManager.Domain.Privacy.Exports;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Privacy;

/// <summary>A person's export, asked for through the API, built by the Hangfire job, mailed, downloaded by its person only, then expired.</summary>
[Collection(WebCollection.Name)]
public sealed class PersonalExportTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task An_export_holds_every_row_and_file_of_the_person_and_nothing_of_anyone_else(DatabaseProvider provider)
    {
        using var app = new CallManagerApp(provider);
        var staff = await app.CreateUserAsync("staff@funder.example", Roles.Administrator);
        var call = await SeedCallAsync(app);
        var bob = await PersonSeed.CreateAsync(app, "Bob", call, staff);
        var alice = await PersonSeed.CreateAsync(app, "Alice", call, staff, reviews: Guid.Parse(bob.RowIds["Applications"][0]));
        alice.RowIds["OutboxMessages"].Add((await SharedMailAsync(app)).ToString());
        var (asAlice, asBob, asStaff) = (await app.LoginAsync(alice.Person.Email!), await app.LoginAsync(bob.Person.Email!), await app.LoginAsync(staff.Email!));

        Assert.Equal(HttpStatusCode.Forbidden, (await asBob.PostAsync($"/api/privacy/people/{alice.Person.Id}/exports", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await asAlice.PostAsync($"/api/privacy/people/{alice.Person.Id}/exports", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await asStaff.PostAsync($"/api/privacy/people/{bob.Person.Id}/exports", null)).StatusCode); // on Bob's behalf
        var export = await ReadyAsync(asAlice, alice.Person.Id);
        Assert.Equal(100, export["progress"]!.GetValue<int>());

        // The mail gives the account page's download link, on the address the request came from.
        await using (var db = app.Database.NewContext())
        {
            var mail = await db.Set<OutboxMessage>().SingleAsync(m => m.Kind == PersonalExportService.ReadyMail && m.Recipients.Contains("alice@"));
            Assert.Contains("http://localhost" + PersonalExportService.DownloadPath(Guid.Parse(export["id"]!.GetValue<string>())), mail.TextBody);
        }

        // Only Alice downloads it: anyone else, administrators included, is told it does not exist.
        var url = export["downloadUrl"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, (await asBob.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await asStaff.GetAsync(url)).StatusCode);
        var response = await asAlice.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(PersonalExportService.Sha256(bytes), response.Headers.GetValues("X-Content-SHA256").Single());

        using var zip = new ZipArchive(new MemoryStream(bytes));
        var data = JsonNode.Parse(Entry(zip, PersonalExportArchive.DataEntry))!;
        var tables = data["tables"]!.AsObject();
        foreach (var (table, ids) in alice.RowIds.Where(t => t.Key != "AuditLog"))
            Assert.True(ids.Order().SequenceEqual(Ids(tables, table, "id")), $"{table}: expected {string.Join(", ", ids)}, found {string.Join(", ", Ids(tables, table, "id"))}");
        Assert.Contains(alice.RowIds["AuditLog"].Single(), Ids(tables, "AuditLog", "sequence"));
        Assert.Equal("alice@example.org", tables["OutboxMessages"]!.AsArray().Single(m => m!["subject"]!.GetValue<string>() == "Réunion")!["recipients"]!.GetValue<string>());
        foreach (var table in new[] { "AspNetUsers", "OrganisationMembers", "ApplicationPartners", "ApplicationMembers", "AccountActivity", "AuditPersonalValues" })
            Assert.True(tables[table]!.AsArray().Count == 1, $"{table} holds {tables[table]!.AsArray().Count} rows");
        Assert.Equal("alice@example.org", tables["AspNetUsers"]![0]!["email"]!.GetValue<string>());
        Assert.Null(tables["AspNetUsers"]![0]!["passwordHash"]);

        // Every file is there, byte for byte, named in the list of files with the row that owns it.
        var listed = data["files"]!.AsArray().ToDictionary(f => $"{f!["table"]}/{f["rowId"]}", f => f!["path"]!.GetValue<string>());
        foreach (var (owner, content) in alice.Files) Assert.Equal(content, EntryBytes(zip, listed[owner]));
        Assert.Contains("Alice", Entry(zip, PersonalExportArchive.SummaryEntry) + Encoding.UTF8.GetString(EntryBytes(zip, listed.Values.First())));

        // Nothing of anyone else: neither Bob's identity, dossier, organisation or files, nor the staff's account.
        var everything = string.Concat(zip.Entries.Select(e => Encoding.UTF8.GetString(EntryBytes(zip, e.FullName))));
        foreach (var marker in bob.Markers.Concat([staff.Id, staff.Email!, "bob@"]))
            Assert.False(everything.Contains(marker, StringComparison.OrdinalIgnoreCase), $"Alice's export holds '{marker}'");
        Assert.Contains(PersonalDataCollector.OtherPerson, everything); // where the staff's id was (decision, derogation, reads)

        // Past its lifetime the archive is refused, then deleted by the hourly job.
        string key;
        await using (var db = app.Database.NewContext())
            key = (await db.Set<PersonalExport>().SingleAsync(e => e.UserId == alice.Person.Id)).StorageKey!;
        app.Clock.Advance(TimeSpan.FromDays(8));
        asAlice = await app.LoginAsync(alice.Person.Email!);
        Assert.Equal(HttpStatusCode.Conflict, (await asAlice.GetAsync(url)).StatusCode);
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<PersonalExportJob>().DeleteExpiredAsync(CancellationToken.None);
        await using (var db = app.Database.NewContext())
        {
            var expired = await db.Set<PersonalExport>().SingleAsync(e => e.UserId == alice.Person.Id);
            Assert.Equal((PersonalExportStatus.Expired, (string?)null), (expired.Status, expired.StorageKey));
        }
        using (var scope = app.Services.CreateScope())
            Assert.Null(await scope.ServiceProvider.GetRequiredService<IAttachmentStore>().GetAsync(key));
    }

    private static async Task<Call> SeedCallAsync(CallManagerApp app)
    {
        var call = new Call { Code = "PTCE", Status = CallStatus.Published, Form = PtceCall.Form, Criteria = PtceCall.Criteria };
        await using var db = app.Database.NewContext();
        db.Add(call);
        await db.SaveChangesAsync();
        return call;
    }

    /// <summary>A mail sent to Alice and Bob together: Alice's export keeps it with her address only.</summary>
    private static async Task<Guid> SharedMailAsync(CallManagerApp app)
    {
        var mail = OutboxMessage.Create("custom", "fr", "alice@example.org, bob@example.org", "Réunion", "Bonjour à tous", null, null, app.Clock.GetUtcNow(), "example.org");
        await using var db = app.Database.NewContext();
        db.Add(mail);
        await db.SaveChangesAsync();
        return mail.Id;
    }

    private static async Task<JsonObject> ReadyAsync(HttpClient client, string userId)
    {
        for (var attempt = 0; attempt < 240; attempt++)
        {
            var exports = await client.GetFromJsonAsync<JsonArray>($"/api/privacy/people/{userId}/exports");
            var export = exports!.Single()!.AsObject();
            var status = export["status"]!.GetValue<string>();
            if (status == nameof(PersonalExportStatus.Ready)) return export;
            Assert.NotEqual(nameof(PersonalExportStatus.Failed), status);
            await Task.Delay(250);
        }
        throw new TimeoutException("The export job did not finish in 60 s.");
    }

    private static IEnumerable<string> Ids(JsonObject tables, string table, string key) =>
        tables[table]!.AsArray().Select(r => r![key]!.ToString()).Order();

    private static string Entry(ZipArchive zip, string name) => Encoding.UTF8.GetString(EntryBytes(zip, name));

    private static byte[] EntryBytes(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
