using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CallManager.Domain.Audit;
using CallManager.Domain.Documents;
using CallManager.Domain.Grants;
using CallManager.Domain.Notifications;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection.Complaints;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Privacy.Exports;

/// <summary>
/// Gathers every row and file about one person: their account, memberships, the dossiers they created with everything
/// hanging from them (versions, documents, decisions, complaints, grants, letters, who read them), their jury seats,
/// conflicts and reviews, the mails sent to them and the audit entries of their actions. Other people's user ids are
/// replaced by a mark, so the export tells nothing about anyone else.
/// </summary>
public sealed class PersonalDataCollector(CallManagerDbContext db)
{
    /// <summary>What replaces another person's user id wherever it appears.</summary>
    public const string OtherPerson = "[another person / une autre personne]";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReferenceHandler = ReferenceHandler.IgnoreCycles,
    };

    /// <summary>The collection's steps, in order; <paramref name="progress"/> is told after each one (0–100).</summary>
    public async Task<PersonalData> CollectAsync(string userId, Func<int, Task> progress, CancellationToken ct = default)
    {
        var data = new PersonalData(userId);
        var others = (await db.Users.AsNoTracking().Where(u => u.Id != userId).Select(u => u.Id).ToListAsync(ct)).ToHashSet();
        Func<Task>[] steps =
        [
            () => AccountAsync(data, ct),
            () => ApplicationsAsync(data, ct),
            () => GrantsAsync(data, ct),
            () => JuryAsync(data, ct),
            () => MailsAsync(data, ct),
            () => AuditAsync(data, ct),
        ];
        for (var i = 0; i < steps.Length; i++)
        {
            await steps[i]();
            await progress((i + 1) * 90 / steps.Length); // the last 10 % are the archive's writing
        }
        foreach (var row in data.Tables.Values.SelectMany(t => t)) Redact(row, others);
        return data;
    }

    private async Task AccountAsync(PersonalData data, CancellationToken ct)
    {
        var id = data.UserId;
        // Password hash and security stamps are secrets protecting the account, not information about the person.
        data.Add("AspNetUsers", await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new
        {
            u.Id, u.UserName, u.Email, u.EmailConfirmed, u.DisplayName, u.PreferredLanguage, u.PhoneNumber, u.PhoneNumberConfirmed,
            u.TwoFactorEnabled, u.LockoutEnd, u.LockoutEnabled, u.AccessFailedCount,
        }).ToListAsync(ct).Rows());
        data.Withheld.Add("AspNetUsers: password hash and security stamps (secrets that protect the account) / empreinte du mot de passe et jetons de sécurité");
        data.Add("AspNetUserRoles", await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == id
                                           select new { ur.UserId, Role = r.Name }).AsNoTracking().ToListAsync(ct).Rows());
        data.Add("AspNetUserLogins", await db.UserLogins.AsNoTracking().Where(l => l.UserId == id)
            .Select(l => new { l.LoginProvider, l.ProviderKey, l.ProviderDisplayName, l.UserId }).ToListAsync(ct).Rows());
        data.Add("AspNetUserClaims", await db.UserClaims.AsNoTracking().Where(c => c.UserId == id)
            .Select(c => new { c.Id, c.UserId, c.ClaimType, c.ClaimValue }).ToListAsync(ct).Rows());
        data.Add("AspNetUserTokens", await db.UserTokens.AsNoTracking().Where(t => t.UserId == id)
            .Select(t => new { t.UserId, t.LoginProvider, t.Name }).ToListAsync(ct).Rows()); // the token values are secrets
        data.Add("AccountActivity", Rows(await db.Set<AccountActivity>().AsNoTracking().Where(a => a.UserId == id).ToListAsync(ct)));
        var memberships = await db.Set<OrganisationMember>().AsNoTracking().Where(m => m.UserId == id).ToListAsync(ct);
        data.Add("OrganisationMembers", Rows(memberships));
        var organisations = memberships.Select(m => m.OrganisationId).ToList();
        data.Add("Organisations", Rows(await db.Set<Organisation>().AsNoTracking().Where(o => organisations.Contains(o.Id)).ToListAsync(ct)));
        data.Add("PersonalExports", Rows(await db.Set<PersonalExport>().AsNoTracking().Where(e => e.UserId == id).ToListAsync(ct)));
    }

    /// <summary>The dossiers the person created, and every row and file that hangs from them.</summary>
    private async Task ApplicationsAsync(PersonalData data, CancellationToken ct)
    {
        var applications = await db.Set<Application>().AsNoTracking().Where(a => a.CreatedBy == data.UserId).ToListAsync(ct);
        var ids = applications.Select(a => a.Id).ToList();
        var references = applications.ToDictionary(a => a.Id, a => a.Reference);
        data.Add("Applications", Rows(applications));
        data.Add("ApplicationPartners", Rows(await db.Set<ApplicationPartner>().AsNoTracking().Where(p => ids.Contains(p.ApplicationId)).ToListAsync(ct)));
        data.Add("ApplicationMembers", Rows(await db.Set<ApplicationMember>().AsNoTracking().Where(m => ids.Contains(m.ApplicationId)).ToListAsync(ct)));
        data.Add("ApplicationVersions", Rows(await db.Set<ApplicationVersion>().AsNoTracking().Where(v => ids.Contains(v.ApplicationId)).ToListAsync(ct)));
        var attachments = await db.Set<Attachment>().AsNoTracking().Where(a => ids.Contains(a.ApplicationId)).ToListAsync(ct);
        data.Add("Attachments", Rows(attachments));
        data.Files.AddRange(attachments.Select(a => new PersonalFile(
            $"files/dossiers/{SafeName(references[a.ApplicationId])}/{a.Id:N}-{SafeName(a.OriginalName)}", "Attachments", a.Id.ToString(), a.StorageKey, null)));
        data.Add("EligibilityDerogations", Rows(await db.Set<EligibilityDerogation>().AsNoTracking().Where(d => ids.Contains(d.ApplicationId)).ToListAsync(ct)));
        data.Add("Decisions", Rows(await db.Set<Decision>().AsNoTracking().Where(d => ids.Contains(d.ApplicationId)).ToListAsync(ct)));
        data.Add("Complaints", Rows(await db.Set<Complaint>().AsNoTracking().Where(c => ids.Contains(c.ApplicationId)).ToListAsync(ct)));
        // Who opened the dossier: the readers' role, when and what (art. 15(1)(c) recipients); the readers' identities are theirs.
        data.Add("ApplicationReads", Rows(await db.Set<ApplicationRead>().AsNoTracking()
            .Where(r => ids.Contains(r.ApplicationId) || r.ReaderId == data.UserId).ToListAsync(ct)));
        data.Withheld.Add("Reviews and consensus comments on your dossiers: the jurors' own assessments (GDPR art. 15(4)); the decision and its reasons are included / évaluations et commentaires du jury sur vos dossiers");
    }

    /// <summary>The grants of the person's dossiers with their tranches, reports and report documents, and every generated letter.</summary>
    private async Task GrantsAsync(PersonalData data, CancellationToken ct)
    {
        var ids = await db.Set<Application>().AsNoTracking().Where(a => a.CreatedBy == data.UserId).Select(a => a.Id).ToListAsync(ct);
        var grants = await db.Set<Grant>().AsNoTracking().Where(g => ids.Contains(g.ApplicationId)).ToListAsync(ct);
        var grantIds = grants.Select(g => g.Id).ToList();
        var references = grants.ToDictionary(g => g.Id, g => g.Reference);
        data.Add("Grants", Rows(grants));
        data.Add("GrantTranches", Rows(await db.Set<GrantTranche>().AsNoTracking().Where(t => grantIds.Contains(t.GrantId)).ToListAsync(ct)));
        var reports = await db.Set<GrantReport>().AsNoTracking().Where(r => grantIds.Contains(r.GrantId)).ToListAsync(ct);
        data.Add("GrantReports", Rows(reports));
        data.Files.AddRange(reports.Where(r => r.DocumentKey is not null).Select(r => new PersonalFile(
            $"files/grants/{SafeName(references[r.GrantId])}/{r.Id:N}-{SafeName(r.DocumentName ?? "report")}", "GrantReports", r.Id.ToString(), r.DocumentKey, null)));
        var subjects = ids.Concat(grantIds).ToList();
        var documents = await db.Set<GeneratedDocument>().AsNoTracking().Where(d => subjects.Contains(d.SubjectId)).ToListAsync(ct);
        data.Add("GeneratedDocuments", documents.Select(d =>
        {
            var row = Row(d);
            row.Remove("content"); // the bytes are the file beside it
            return row;
        }));
        data.Files.AddRange(documents.Select(d => new PersonalFile($"files/documents/{d.Id:N}-{SafeName(d.FileName)}", "GeneratedDocuments", d.Id.ToString(), null, d.Content)));
    }

    private async Task JuryAsync(PersonalData data, CancellationToken ct)
    {
        var id = data.UserId;
        data.Add("JuryMembers", Rows(await db.Set<JuryMember>().AsNoTracking().Where(j => j.UserId == id).ToListAsync(ct)));
        data.Add("Conflicts", Rows(await db.Set<ConflictOfInterest>().AsNoTracking().Where(c => c.UserId == id).ToListAsync(ct)));
        data.Add("Reviews", Rows(await db.Set<Review>().AsNoTracking().Where(r => r.ReviewerId == id).ToListAsync(ct)));
    }

    /// <summary>Mails addressed to the person; a mail with other recipients keeps only the person's address.</summary>
    private async Task MailsAsync(PersonalData data, CancellationToken ct)
    {
        var email = await db.Users.AsNoTracking().Where(u => u.Id == data.UserId).Select(u => u.Email).FirstOrDefaultAsync(ct);
        if (string.IsNullOrEmpty(email))
        {
            data.Add("OutboxMessages", []);
            return;
        }
        var mails = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.Recipients.Contains(email)).ToListAsync(ct);
        data.Add("OutboxMessages", mails.Select(m =>
        {
            var row = Row(m);
            row["recipients"] = string.Join(", ", m.Recipients.Split(',').Where(r => r.Contains(email, StringComparison.OrdinalIgnoreCase)).Select(r => r.Trim()));
            return row;
        }));
    }

    /// <summary>Audit entries of the person's own actions or about their account, and the personal values entries refer to.</summary>
    private async Task AuditAsync(PersonalData data, CancellationToken ct)
    {
        var id = data.UserId;
        data.Add("AuditLog", (await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Actor == id || (e.EntityType == "AppUser" && e.EntityId == id))
            .OrderBy(e => e.Sequence).ToListAsync(ct)).Select(Row));
        data.Add("AuditPersonalValues", Rows(await db.Set<AuditPersonalValue>().AsNoTracking().Where(v => v.SubjectId == id).ToListAsync(ct)));
    }

    private IEnumerable<JsonObject> Rows<T>(IEnumerable<T> entities) where T : class => entities.Select(Row);

    /// <summary>An entity as a JSON object of its columns (navigations left out: their rows are in their own tables).</summary>
    private JsonObject Row<T>(T entity) where T : class
    {
        var row = JsonSerializer.SerializeToNode(entity, Json)!.AsObject();
        foreach (var navigation in db.Model.FindEntityType(typeof(T))?.GetNavigations() ?? [])
            row.Remove(JsonNamingPolicy.CamelCase.ConvertName(navigation.Name));
        return row;
    }

    /// <summary>Replaces every value naming another person's account by <see cref="OtherPerson"/>.</summary>
    private static void Redact(JsonNode? node, HashSet<string> others)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (value is JsonValue v && v.TryGetValue<string>(out var s) && others.Contains(s)) o[key] = OtherPerson;
                    else Redact(value, others);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is JsonValue v && v.TryGetValue<string>(out var s) && others.Contains(s)) a[i] = OtherPerson;
                    else Redact(a[i], others);
                }
                break;
        }
    }

    /// <summary>A file or folder name safe in any archive tool: no separators, no control characters, at most 80 characters.</summary>
    public static string SafeName(string name)
    {
        var safe = new string(name.Select(c => char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c).ToArray()).Trim(' ', '.');
        return safe.Length == 0 ? "file" : safe.Length > 80 ? safe[..80] : safe;
    }
}

/// <summary>Anonymous projections as JSON rows.</summary>
internal static class PersonalRows
{
    public static async Task<IEnumerable<JsonObject>> Rows<T>(this Task<List<T>> rows) =>
        (await rows).Select(r => JsonSerializer.SerializeToNode(r, JsonColumn.Options)!.AsObject());
}
