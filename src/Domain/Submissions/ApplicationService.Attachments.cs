using System.Security.Cryptography;
using CallManager.Domain.Attachments;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Submissions;

public sealed partial class ApplicationService
{
    /// <summary>Largest accepted file when a field sets no limit (10 MB).</summary>
    public const long DefaultMaxFileSize = 10 * 1024 * 1024;

    /// <summary>
    /// Stores an uploaded file for a file field: size limit (the field's, else <see cref="DefaultMaxFileSize"/>),
    /// type detected from the content and checked against the field, bytes saved under a generated key, original name kept cleaned (<see cref="FileTypeDetector.SanitizeName"/>).
    /// Allowed on drafts and submitted dossiers before the deadline, and for requested documents until their due date.
    /// </summary>
    public async Task<AttachmentView> AddAttachmentAsync(Guid id, string? fieldKey, string? fileName, Stream content, Actor actor, CancellationToken ct = default)
    {
        var application = await access.LoadForApplicantAsync(id, actor, ct);
        var call = await db.Set<Call>().FirstAsync(c => c.Id == application.CallId, ct);
        var field = call.Form.Field(fieldKey ?? "");
        if (field is not { Type: FieldType.File })
            throw DomainException.Invalid($"'{fieldKey}' is not a file field of this call's form.", new Dictionary<string, LocalizableText[]> { ["fieldKey"] = ["Unknown file field."] });
        var requested = await EnsureCanUploadAsync(application, call, field.Key, actor, ct);
        var limit = field.MaxFileSize ?? DefaultMaxFileSize;
        var bytes = await ReadLimitedAsync(content, limit, ct)
            ?? throw new UploadRefusal(UploadProblem.TooLarge, $"The file is larger than the {limit / 1024.0 / 1024.0:0.#} MB allowed for '{field.Label(actor.Language)}'.", "File too large.");
        if (bytes.Length == 0) throw new UploadRefusal(UploadProblem.Empty, "The file is empty.", "Empty file.");
        var allowed = field.AllowedFileTypes.Count > 0 ? field.AllowedFileTypes : [.. FileTypeNames.Known];
        var detected = FileTypeDetector.Detect(bytes);
        if (detected is null || !allowed.Contains(detected.Value.Kind))
            throw new UploadRefusal(detected is null ? UploadProblem.UnrecognisedContent : UploadProblem.TypeNotAccepted,
                $"The content of '{FileTypeDetector.SanitizeName(fileName)}' is not an accepted type for '{field.Label(actor.Language)}' " +
                $"(accepted: {string.Join(", ", allowed)}); the type is read from the content, not the name.",
                detected is null ? "Unrecognised content." : $"A {detected.Value.Kind} file is not accepted here.");

        var attachment = new Attachment
        {
            ApplicationId = application.Id, FieldKey = field.Key,
            OriginalName = FileTypeDetector.SanitizeName(fileName), // cleaned before it is stored: it is shown on pages and in exports
            ContentType = detected.Value.ContentType, Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            UploadedAt = clock.GetUtcNow(), UploadedBy = actor.UserId, Requested = requested,
        };
        attachment.StorageKey = (await store.PutAsync(bytes, attachment.ContentType, null, ct)).Key; // stored under a generated key, never the name
        application.Attachments.Add(attachment);
        db.Add(attachment); // a Guid key set in code would otherwise be taken for an existing row
        application.UpdatedAt = attachment.UploadedAt;
        await audit.AppendAsync(actor, nameof(Attachment), attachment.Id, call.Id, requested ? "application.requested-document" : "application.attachment",
            null, new { application = application.Id, attachment.FieldKey, attachment.Sha256, attachment.Size }, ct);
        await db.SaveChangesAsync(ct);
        return new AttachmentView(attachment.Id, attachment.FieldKey, attachment.OriginalName, attachment.ContentType, attachment.Size, attachment.Sha256, attachment.UploadedAt, requested);
    }

    /// <summary>Removes an attachment from a dossier that may still change.</summary>
    public async Task RemoveAttachmentAsync(Guid id, Guid attachmentId, Actor actor, CancellationToken ct = default)
    {
        var application = await access.LoadForApplicantAsync(id, actor, ct);
        var call = await db.Set<Call>().FirstAsync(c => c.Id == application.CallId, ct);
        EnsureEditable(application);
        await EnsureBeforeDeadlineAsync(call, application.LeadOrganisationId, actor, null, ct);
        var attachment = application.Attachments.FirstOrDefault(a => a.Id == attachmentId) ?? throw DomainException.NotFound("The attachment");
        application.Attachments.Remove(attachment);
        await audit.AppendAsync(actor, nameof(Attachment), attachment.Id, call.Id, "application.attachment-removed", new { attachment.FieldKey, attachment.Sha256 }, null, ct);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The bytes of an attachment the actor may read, with a sanitised download name.</summary>
    public async Task<(Stream Content, string ContentType, string DownloadName)> OpenAttachmentAsync(Guid id, Guid attachmentId, Actor actor, CancellationToken ct = default)
    {
        var application = await access.LoadAsync(id, actor, ct);
        var attachment = application.Attachments.FirstOrDefault(a => a.Id == attachmentId) ?? throw DomainException.NotFound("The attachment");
        var stored = await store.GetAsync(attachment.StorageKey, ct) ?? throw DomainException.NotFound("The attachment's content");
        return (stored.Content, attachment.ContentType, FileTypeDetector.SanitizeName(attachment.OriginalName));
    }

    private async Task<bool> EnsureCanUploadAsync(Application application, Call call, string fieldKey, Actor actor, CancellationToken ct)
    {
        if (application.Status == ApplicationStatus.MissingDocuments)
        {
            if (!application.MissingDocuments.Contains(fieldKey))
                throw DomainException.Conflict($"Only the requested documents can be uploaded now: {string.Join(", ", application.MissingDocuments)}.");
            if (clock.GetUtcNow() > application.MissingDocumentsDueAt)
                throw DomainException.Conflict($"The requested documents were due {CallClock.Format(application.MissingDocumentsDueAt!.Value, call.TimeZone, actor.Language)}.");
            return true;
        }
        EnsureEditable(application);
        await EnsureBeforeDeadlineAsync(call, application.LeadOrganisationId, actor, null, ct);
        return false;
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream content, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit) return null;
        }
        return buffer.ToArray();
    }
}
