using System.Globalization;
using System.Security.Cryptography;
using CallManager.Domain.Attachments;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Grants;

public sealed partial class GrantService
{
    /// <summary>Largest report document accepted (20 MB).</summary>
    public const long MaxDocumentSize = 20 * 1024 * 1024;

    /// <summary>Longest narrative or answer accepted with a report, in characters.</summary>
    public const int MaxNarrativeLength = 20000;

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
        var narrative = Text(upload.Narrative, "narrative", errors);
        var answer = Text(upload.Answer, "answer", errors);
        var (bytes, detected) = await ReadDocumentAsync(upload, errors, ct);
        if (errors.Count > 0)
            throw DomainException.Invalid($"The report cannot be accepted: {LocalizableText.Join(" ", errors.Values.SelectMany(e => e))}", errors);
        GrantLifecycle.EnsureCanSubmit(grant, report); // before the bytes are stored
        var stored = await store.PutAsync(bytes!, detected!.Value.ContentType, null, ct);
        var name = FileTypeDetector.SanitizeName(upload.FileName);
        await lifecycle.SubmitReportAsync(grant, report, new(stored.Key, name, detected!.Value.ContentType, bytes!.Length,
            Convert.ToHexStringLower(SHA256.HashData(bytes))), indicators, actor, ct, narrative, answer);
        await db.SaveChangesAsync(ct);
        return GrantView.From(grant, call.GrantTerms, clock.GetUtcNow(), actor.Language);
    }

    /// <summary>
    /// A beneficiary saves a report as a draft: the figures as typed (checked only when the report is sent), the narrative and
    /// the answer to the requested changes. The document is chosen again when the report is sent.
    /// </summary>
    public async Task<GrantView> SaveReportDraftAsync(Guid id, Guid reportId, ReportDraftInput input, Actor actor, CancellationToken ct = default)
    {
        var grant = await access.LoadForBeneficiaryAsync(id, actor, ct);
        var report = Report(grant, reportId);
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == grant.CallId, ct);
        var errors = new Dictionary<string, LocalizableText[]>();
        var narrative = Text(input.Narrative, "narrative", errors);
        var answer = Text(input.Answer, "answer", errors);
        var figures = (input.Indicators ?? []).Where(p => call.GrantTerms.Indicators.Any(i => i.Key == p.Key))
            .ToDictionary(p => p.Key, p => p.Value?.Trim() is { Length: > 0 } v ? v[..Math.Min(v.Length, 50)] : null);
        if (errors.Count > 0)
            throw DomainException.Invalid($"The draft cannot be saved: {LocalizableText.Join(" ", errors.Values.SelectMany(e => e))}", errors);
        lifecycle.SaveReportDraft(grant, report, new ReportDraft(figures, narrative, answer, clock.GetUtcNow(), actor.UserId));
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

    /// <summary>The trimmed text, null when empty; too long a text is named in <paramref name="errors"/>.</summary>
    private static string? Text(string? raw, string field, Dictionary<string, LocalizableText[]> errors)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > MaxNarrativeLength) errors[field] = [$"The {field} is longer than {MaxNarrativeLength} characters: shorten it."];
        return text;
    }

    private static (byte[]?, (string, string)?) Problem(Dictionary<string, LocalizableText[]> errors, LocalizableText message)
    {
        errors["file"] = [message];
        return (null, null);
    }
}

/// <summary>A report upload: the file's bytes and name, the raw indicator figures by key, the narrative and the answer to requested changes.</summary>
public sealed record ReportUpload(Stream? Content, string? FileName, IReadOnlyDictionary<string, string?> Indicators, string? Narrative = null, string? Answer = null);

/// <summary>A report's draft as sent by the beneficiary: figures as typed, narrative, answer to the requested changes.</summary>
public sealed record ReportDraftInput(Dictionary<string, string?>? Indicators, string? Narrative, string? Answer);
