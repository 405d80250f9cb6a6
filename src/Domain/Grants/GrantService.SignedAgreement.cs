using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Documents;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Grants;

public sealed partial class GrantService
{
    /// <summary>Largest signed agreement accepted (a scan of a few pages).</summary>
    public const long MaxSignedAgreementSize = 20 * 1024 * 1024;

    /// <summary>
    /// The beneficiary uploads the agreement signed by hand instead of accepting it online: the PDF (recognised from its
    /// content) is stored once with its SHA-256, which the acceptance records, and the agreement is signed that day.
    /// </summary>
    public async Task<GrantView> UploadSignedAgreementAsync(Guid id, Stream? content, string? fileName, Actor actor, CancellationToken ct = default)
    {
        var grant = await access.LoadForBeneficiaryAsync(id, actor, ct);
        if (grant.Status != GrantStatus.AwaitingSignature)
            throw DomainException.Conflict($"The agreement of this grant is already signed (the grant is {grant.Status}).");
        var bytes = await ReadSignedAgreementAsync(content, fileName, ct);
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == grant.CallId, ct);
        var name = $"signed-{FileTypeDetector.SanitizeName(fileName)}";
        var stored = await signedCopies.GetOrCreateAsync(CallManager.Domain.Documents.DocumentKinds.SignedAgreement, grant.Id, "", name, _ => Task.FromResult(bytes), ct);
        await lifecycle.RecordSignedAgreementAsync(grant, call, stored.Sha256, actor, ct);
        await db.SaveChangesAsync(ct);
        await SignalAsync(grant, ct); // report due dates now exist
        return GrantView.From(grant, call.GrantTerms, clock.GetUtcNow(), actor.Language);
    }

    /// <summary>The signed agreement the beneficiary uploaded, or null when it was accepted online or is not signed yet.</summary>
    public async Task<GeneratedDocument?> SignedAgreementAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        var grant = await access.LoadAsync(id, actor, ct);
        return await signedCopies.FindAsync(CallManager.Domain.Documents.DocumentKinds.SignedAgreement, grant.Id, "", ct);
    }

    /// <summary>The acknowledgement PDF of a report's latest submission, in the reader's language (generated once, then the same bytes).</summary>
    public async Task<GeneratedDocument> ReportAcknowledgementAsync(Guid id, Guid reportId, Actor actor, CancellationToken ct = default)
    {
        var grant = await access.LoadAsync(id, actor, ct);
        var report = Report(grant, reportId);
        if (report.SubmittedAt is null) throw DomainException.NotFound("The acknowledgement of a report never sent");
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == grant.CallId, ct);
        return await documents.ReportAcknowledgementAsync(grant, report, call, actor.Language, ct);
    }

    private static async Task<byte[]> ReadSignedAgreementAsync(Stream? content, string? fileName, CancellationToken ct)
    {
        static DomainException Refused(LocalizableText message) =>
            DomainException.Invalid(message, new Dictionary<string, LocalizableText[]> { ["file"] = [message] });
        if (content is null) throw Refused("Choose the signed agreement (PDF) to upload.");
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxSignedAgreementSize) throw Refused($"The signed agreement is larger than the {MaxSignedAgreementSize / 1024 / 1024} MB allowed: scan it at a lower resolution.");
        if (buffer.Length == 0) throw Refused("The signed agreement is empty.");
        var bytes = buffer.ToArray();
        if (FileTypeDetector.Detect(bytes)?.Kind != "pdf")
            throw Refused($"The content of '{FileTypeDetector.SanitizeName(fileName)}' is not a PDF (the type is read from the content, not the name): scan or export the signed agreement as a PDF.");
        return bytes;
    }
}
