using System.Text;
using System.Text.Json.Nodes;
using CallManager.Domain.Accounts;
using CallManager.Domain.Attachments;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Documents;
using CallManager.Domain.Grants;
using CallManager.Domain.Notifications;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using CallManager.Domain.Privacy;
using CallManager.Domain.Reviews;
using CallManager.Domain.Selection.Complaints;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Submissions;
using CallManager.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CallManager.Web.Tests.Privacy;

/// <summary>
/// Two people with a row in every table that can hold something about a person (account, memberships, a dossier with all
/// that hangs from it, a grant, letters, jury seat, conflict, review, reads, mails, audit entries and values), each marked
/// with their own name so that a leak of one into the other's export or erased pages is found by a text search.
/// </summary>
public sealed record PersonSeed(AppUser Person, Dictionary<string, List<string>> RowIds, Dictionary<string, byte[]> Files, List<string> Markers)
{
    /// <summary>Seeds a person named <paramref name="name"/> (login <c>name@example.org</c>); <paramref name="reviews"/> is a dossier they review as a juror.</summary>
    public static async Task<PersonSeed> CreateAsync(CallManagerApp app, string name, Call call, AppUser staff, Guid? reviews = null)
    {
        var login = name.ToLowerInvariant();
        var person = await app.CreateUserAsync($"{login}@example.org", Roles.Applicant);
        var ids = new Dictionary<string, List<string>>();
        var files = new Dictionary<string, byte[]>();
        void Row(string table, object id) => (ids.TryGetValue(table, out var l) ? l : ids[table] = []).Add(id.ToString()!);
        using var scope = app.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<IAttachmentStore>();
        var db = scope.ServiceProvider.GetRequiredService<CallManagerDbContext>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var now = app.Clock.GetUtcNow();

        var organisation = new Organisation { Name = $"Pôle {name}", Siren = login == "alice" ? "732829320" : "552100554", LegalForm = "SCIC", CreatedAt = now };
        Row("Organisations", organisation.Id);
        var dossier = new Application
        {
            CallId = call.Id, Reference = $"PTCE-{name.ToUpperInvariant()}", LeadOrganisationId = organisation.Id, CreatedBy = person.Id, Status = ApplicationStatus.Selected,
            Title = $"Projet de {name}", RequestedAmount = 50_000, CreatedAt = now, UpdatedAt = now, SubmittedAt = now,
            Answers = new JsonObject { ["summary"] = $"Résumé écrit par {name}" },
        };
        Row("Applications", dossier.Id);
        var document = Encoding.UTF8.GetBytes($"%PDF statuts de {name}");
        var stored = await store.PutAsync(document, "application/pdf", "statuts.pdf");
        var attachment = new Attachment { ApplicationId = dossier.Id, FieldKey = "statutes", StorageKey = stored.Key, OriginalName = $"statuts-{login}.pdf",
            ContentType = "application/pdf", Size = stored.Length, Sha256 = stored.Sha256, UploadedAt = now, UploadedBy = person.Id };
        Row("Attachments", attachment.Id);
        files["Attachments/" + attachment.Id] = document;
        var version = new ApplicationVersion { ApplicationId = dossier.Id, Number = 1, ReceiptNumber = $"R-{login}", SubmittedAt = now, SubmittedBy = person.Id,
            CanonicalApplication = $"{{\"by\":\"{name}\"}}", Sha256 = new string('a', 64) };
        Row("ApplicationVersions", version.Id);
        var derogation = new EligibilityDerogation { CallId = call.Id, ApplicationId = dossier.Id, Rule = "PtceMembers", Reason = $"Dérogation pour {name}", GrantedBy = staff.Id, GrantedAt = now };
        Row("EligibilityDerogations", derogation.Id);
        var decision = new Decision { CallId = call.Id, ApplicationId = dossier.Id, Outcome = DecisionOutcome.Selected, GrantedAmount = 50_000, StagedBy = staff.Id, StagedAt = now, PublishedAt = now };
        Row("Decisions", decision.Id);
        var complaint = new Complaint { CallId = call.Id, ApplicationId = dossier.Id, FiledBy = person.Id, FiledAt = now, Text = $"Réclamation de {name}" };
        Row("Complaints", complaint.Id);
        var grant = new Grant { ApplicationId = dossier.Id, CallId = call.Id, LeadOrganisationId = organisation.Id, Reference = $"G-{login}", Title = $"Subvention {name}",
            Amount = 50_000, Status = GrantStatus.Closed, OpenedAt = now, UpdatedAt = now, ClosedAt = now };
        Row("Grants", grant.Id);
        var tranche = new GrantTranche { GrantId = grant.Id, Position = 1, Key = "t1", Percent = 100, Amount = 50_000, RecordedBy = staff.Id };
        Row("GrantTranches", tranche.Id);
        var reportBytes = Encoding.UTF8.GetBytes($"%PDF rapport de {name}");
        var report = await store.PutAsync(reportBytes, "application/pdf", "rapport.pdf");
        var grantReport = new GrantReport { GrantId = grant.Id, Position = 1, Key = "final", LabelFr = "Rapport final", LabelEn = "Final report", Status = GrantReportStatus.Approved,
            DocumentKey = report.Key, DocumentName = $"rapport-{login}.pdf", DocumentType = "application/pdf", DocumentSize = report.Length, DocumentSha256 = report.Sha256,
            Narrative = $"Bilan rédigé par {name}" };
        Row("GrantReports", grantReport.Id);
        files["GrantReports/" + grantReport.Id] = reportBytes;
        var letterBytes = Encoding.UTF8.GetBytes($"%PDF lettre de décision pour {name}");
        var letter = new GeneratedDocument { Kind = "decision-letter", SubjectId = dossier.Id, Variant = "fr", FileName = $"decision-{login}.pdf", Content = letterBytes,
            Size = letterBytes.Length, Sha256 = new string('b', 64), CreatedAt = now };
        Row("GeneratedDocuments", letter.Id);
        files["GeneratedDocuments/" + letter.Id] = letterBytes;
        var read = new ApplicationRead { ApplicationId = dossier.Id, CallId = call.Id, ReaderId = staff.Id, ReaderRole = "administrator", Channel = "page", At = now };
        Row("ApplicationReads", read.Id);
        var mail = OutboxMessage.Create("decision-selected", "fr", $"\"{name}\" <{login}@example.org>", $"Décision pour {name}", $"Bonjour {name}", null, dossier.Reference, now, "example.org");
        Row("OutboxMessages", mail.Id);
        db.AddRange(organisation, dossier, attachment, version, derogation, decision, complaint, grant, tranche, grantReport, letter, read, mail,
            new OrganisationMember { OrganisationId = organisation.Id, UserId = person.Id, JoinedAt = now },
            new ApplicationPartner { ApplicationId = dossier.Id, OrganisationId = organisation.Id, Siren = organisation.Siren, Name = organisation.Name, LegalForm = "SCIC" },
            new ApplicationMember { ApplicationId = dossier.Id, Position = 0, OrganisationId = organisation.Id, Siren = organisation.Siren, Name = organisation.Name, LegalForm = "SCIC" },
            new AccountActivity { UserId = person.Id, LastSignInAt = now });
        if (reviews is { } reviewed)
        {
            var seat = new JuryMember { CallId = call.Id, UserId = person.Id, InvitedBy = staff.Id, InvitedAt = now };
            var conflict = new ConflictOfInterest { CallId = call.Id, UserId = person.Id, OrganisationId = organisation.Id, Type = ConflictType.Employee, DeclaredBy = person.Id, DeclaredAt = now, Note = $"Lien de {name}" };
            var review = new Review { CallId = call.Id, ApplicationId = reviewed, ReviewerId = person.Id, AssignedBy = staff.Id, AssignedAt = now, OverallComment = $"Avis rédigé par {name}" };
            Row("JuryMembers", seat.Id);
            Row("Conflicts", conflict.Id);
            Row("Reviews", review.Id);
            db.AddRange(seat, conflict, review);
        }
        var actor = new Actor(person.Id, new HashSet<string> { Roles.Applicant });
        var entry = await audit.AppendAsync(actor, nameof(Application), dossier.Id, call.Id, "application.saved", null, new { Contact = audit.Personal(person.Id, $"{login}@example.org") });
        await db.SaveChangesAsync();
        // On PostgreSQL the chain writer numbers the entry after the commit: verifying links what is pending, then the row is read back.
        await audit.VerifyAsync();
        var entityId = dossier.Id.ToString();
        var sequence = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.EntityId == entityId && e.Action == entry.Action)
            .MaxAsync(e => e.Sequence);
        Row("AuditLog", sequence);
        return new PersonSeed(person, ids, files, [person.Id, person.Email!, name, organisation.Name, organisation.Siren, dossier.Reference]);
    }
}
