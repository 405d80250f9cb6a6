using System.Globalization;
using System.Security.Cryptography;
using CallManager.Workflow.Attachments;
using CallManager.Workflow.Calls;
using CallManager.Workflow.Common;
using CallManager.Workflow.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Workflow.Grants;

public sealed partial class GrantService
{
    /// <summary>Largest report document accepted (20 MB).</summary>
    public const long MaxDocumentSize = 20 * 1024 * 1024;

    /// <summary>Document kinds accepted for a report, read from the content.</summary>
    public static readonly string[] DocumentKinds = ["pdf", "docx", "odt"];

    /// <summary>
    /// A beneficiary (member of the lead organisation) submits or resubmits a report: one document (pdf, docx or odt,
    /// recognised from its content, at most 20 MB) and a figure for every indicator of the call. Every problem is named.
    /// </summary>
    public async Task<GrantView> SubmitReportAsync(Guid id, Guid reportId, ReportUpload upload, Actor actor, CancellationToken ct = default)
    {
        var grant = await access.LoadForBeneficiaryAsync(id, actor, ct);
        var report = Report(grant, reportId);
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == grant.CallId, ct);
        var errors = new Dictionary<string, LocalizableText[]>();
        var indicators = ParseIndicators(call.GrantTerms, upload.Indicators, actor.Language, errors);
        var (bytes, detected) = await ReadDocumentAsync(upload, errors, ct);
        if (errors.Count > 0)
            throw DomainException.Invalid($"The report cannot be accepted: {LocalizableText.Join(" ", errors.Values.SelectMany(e => e))}", errors);
        GrantLifecycle.EnsureCanSubmit(grant, report); // before the bytes are stored
        var stored = await store.PutAsync(bytes!, detected!.Value.ContentType, null, ct);
        var name = FileTypeDetector.SanitizeName(upload.FileName);
        await lifecycle.SubmitReportAsync(grant, report, new(stored.Key, name, detected!.Value.ContentType, bytes!.Length,
            Convert.ToHexStringLower(SHA256.HashData(bytes))), indicators, actor, ct);
        await db.SaveChangesAsync(ct);
        return GrantView.From(grant, call.GrantTerms, clock.GetUtcNow(), actor.Language);
    }

    /// <summary>The last document of a report, for the beneficiary and administrators.</summary>
    public async Task<(Stream Content, string ContentType, string DownloadName)> OpenDocumentAsync(Guid id, Guid reportId, Actor actor, CancellationToken ct = default)
    {
        var grant = await access.LoadAsync(id, actor, ct);
        var report = Report(grant, reportId);
        if (report.DocumentKey is null) throw DomainException.NotFound("The report's document");
        var stored = await store.GetAsync(report.DocumentKey, ct) ?? throw DomainException.NotFound("The report's document content");
        return (stored.Content, report.DocumentType!, report.DocumentName!);
    }

    private static Dictionary<string, decimal> ParseIndicators(GrantTerms terms, IReadOnlyDictionary<string, string?> raw, string language,
        Dictionary<string, LocalizableText[]> errors)
    {
        var values = new Dictionary<string, decimal>();
        foreach (var indicator in terms.Indicators)
        {
            var label = language == "en" ? indicator.LabelEn : indicator.LabelFr;
            var text = raw.TryGetValue(indicator.Key, out var v) ? v?.Trim().Replace(',', '.') : null;
            if (string.IsNullOrEmpty(text)) errors[indicator.Key] = [$"Give a figure for '{label}'."];
            else if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                errors[indicator.Key] = [$"'{v}' is not a number: give '{label}' as a number, e.g. 3 or 2.5."];
            else if (number < 0) errors[indicator.Key] = [$"'{label}' cannot be negative."];
            else values[indicator.Key] = number;
        }
        foreach (var unknown in raw.Keys.Where(k => terms.Indicators.All(i => i.Key != k)))
            errors[unknown] = [$"'{unknown}' is not an indicator of this call; expected: {string.Join(", ", terms.Indicators.Select(i => i.Key))}."];
        return values;
    }

    /// <summary>The document's bytes and sniffed type, or null with the problem added to <paramref name="errors"/>.</summary>
    private static async Task<(byte[]? Bytes, (string Kind, string ContentType)? Type)> ReadDocumentAsync(ReportUpload upload, Dictionary<string, LocalizableText[]> errors, CancellationToken ct)
    {
        if (upload.Content is null) return Problem(errors, "No document was sent: add the report as a file part named 'file'.");
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await upload.Content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxDocumentSize)
                return Problem(errors, $"The document is larger than the {MaxDocumentSize / 1024 / 1024} MB allowed: compress it or split the annexes out.");
        }
        if (buffer.Length == 0) return Problem(errors, "The document is empty.");
        var bytes = buffer.ToArray();
        var detected = FileTypeDetector.Detect(bytes);
        if (detected is null || !DocumentKinds.Contains(detected.Value.Kind))
            return Problem(errors, $"The content of '{FileTypeDetector.SanitizeName(upload.FileName)}' is not a PDF, DOCX or ODT document " +
                $"(the type is read from the content, not the name): export the report to one of these formats.");
        return (bytes, detected);
    }

    private static (byte[]?, (string, string)?) Problem(Dictionary<string, LocalizableText[]> errors, LocalizableText message)
    {
        errors["file"] = [message];
        return (null, null);
    }
}

/// <summary>A report upload: the file's bytes and name, and the raw indicator figures by key.</summary>
public sealed record ReportUpload(Stream? Content, string? FileName, IReadOnlyDictionary<string, string?> Indicators);
