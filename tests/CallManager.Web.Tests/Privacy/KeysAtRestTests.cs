using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallManager.Testing;
using CallManager.Web.Commands;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Audit;
using CallManager.Domain.Common;
using CallManager.Domain.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Privacy;

/// <summary>The audit chain's key and data-protection keys, as the web host configures them.</summary>
[Collection(WebCollection.Name)]
public sealed class KeysAtRestTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Audit_verify_refuses_a_chain_rebuilt_without_the_key_and_names_its_first_entry(DatabaseProvider provider)
    {
        using var app = new CallManagerApp(provider);
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        using (var scope = app.Services.CreateScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
            for (var i = 1; i <= 4; i++) await audit.AppendAsync(Actor.System, "Call", i, null, "call.updated", null, new { n = i });
            await scope.ServiceProvider.GetRequiredService<CallManagerDbContext>().SaveChangesAsync();
            await scope.ServiceProvider.GetRequiredService<AuditHeadJob>().RunAsync(CancellationToken.None); // the daily head
            Assert.Equal(0, await new AuditVerifyCommand().RunAsync(scope.ServiceProvider, [], CancellationToken.None));
        }
        var intact = await admin.GetFromJsonAsync<JsonObject>("/api/audit/verify");
        Assert.True(intact!["intact"]!.GetValue<bool>());
        var total = intact["entriesChecked"]!.GetValue<long>();
        Assert.Equal(total, intact["head"]!["sequence"]!.GetValue<long>());

        // Someone who can write to the database alters the first entry and recomputes every link with plain SHA-256.
        await using (var db = app.Database.NewContext())
        {
            var previous = AuditLog.Genesis;
            foreach (var entry in await db.Set<AuditEntry>().OrderBy(e => e.Sequence).ToListAsync())
            {
                if (entry.Sequence == 1) entry.Actor = "nobody";
                entry.PreviousHash = previous;
                entry.Hash = AuditLog.ComputeHash(entry);
                previous = entry.Hash;
            }
            await db.SaveChangesAsync();
        }

        var broken = await admin.GetFromJsonAsync<JsonObject>("/api/audit/verify");
        Assert.False(broken!["intact"]!.GetValue<bool>());
        Assert.Equal(1, broken["firstBrokenSequence"]!.GetValue<long>());
        Assert.Equal("entry 1 is linked with plain SHA-256, not the chain key: the chain was rebuilt without the key", broken["problem"]!.GetValue<string>());
        using (var scope = app.Services.CreateScope())
            Assert.Equal(1, await new AuditVerifyCommand().RunAsync(scope.ServiceProvider, [], CancellationToken.None));
    }

    [Fact]
    public async Task Data_protection_keys_are_stored_encrypted_and_another_host_reads_them()
    {
        var database = TestDatabase.Create(DatabaseProvider.Sqlite);
        using var first = new CallManagerApp(database: database);
        var protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("keys-at-rest").Protect("dossier 42");

        await using (var db = database.NewContext())
        {
            var xml = Assert.Single(await db.DataProtectionKeys.ToListAsync()).Xml!;
            Assert.Contains("encryptedSecret", xml);
            Assert.Contains("EncryptedXmlDecryptor", xml);
            Assert.DoesNotContain("<masterKey", xml); // the clear form of the key
        }

        using var second = new CallManagerApp(database: database);
        Assert.Equal("dossier 42", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("keys-at-rest").Unprotect(protectedText));
    }
}
