using System.Text.Json;
using CallManager.Domain.Common;
using CallManager.Runtime.Execution;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Web.Hosting;

/// <summary>Turns refused requests into RFC 7807 problem details with a message that says what to fix; never a 500 for bad input.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, errors) = Describe(exception);
        if (status is null) return false;
        if (exception is DomainException refusal && AsksForFrench(http.Request))
            (detail, errors) = (refusal.Localized(DomainTexts.FrenchCulture), refusal.LocalizedErrors(DomainTexts.FrenchCulture));
        logger.LogInformation("Refused {Method} {Path}: {Status} {Detail}", http.Request.Method, http.Request.Path, status, detail);
        http.Response.StatusCode = status.Value;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (errors is { Count: > 0 }) problem.Extensions["errors"] = errors;
        return await problems.TryWriteAsync(new() { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static (int? Status, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors) Describe(Exception exception) => exception switch
    {
        DomainException d => (d.Kind switch
        {
            DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
            DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        }, d.Kind.ToString(), d.Message, d.Errors),
        BadHttpRequestException b => (b.StatusCode, "Bad request", BadRequestDetail(b), null),
        JsonException j => (StatusCodes.Status400BadRequest, "Bad request", $"The JSON body could not be read: {j.Message}", null),
        // A multipart form the framework cannot read (no Content-Disposition, cut short, past its size limits).
        InvalidDataException f when f.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) => (StatusCodes.Status413PayloadTooLarge, "Payload too large",
            $"The form is too large: {f.Message}", null),
        InvalidDataException f => (StatusCodes.Status400BadRequest, "Bad request",
            $"The multipart form could not be read: {f.Message} Send each part with a Content-Disposition naming it (and the file name for a file).", null),
        DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, "Conflict",
            "Someone else changed this record at the same time. Reload it and apply your change again.", null),
        // A unique key another request took between this request's check and its save (two hosts, one database).
        DbUpdateException u when ConflictDetector.IsConflict(u) => (StatusCodes.Status409Conflict, "Conflict",
            "Someone else made a conflicting change at the same time. Reload the page and apply your change again.", null),
        _ => (null, "", "", null),
    };

    /// <summary>
    /// True when the client's Accept-Language prefers French to English. API clients that say nothing keep the English
    /// messages (the pages' French default does not apply to the API).
    /// </summary>
    public static bool AsksForFrench(HttpRequest request) =>
        request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(l => l is "fr" or "en") == "fr";

    private static string BadRequestDetail(BadHttpRequestException b) =>
        b.InnerException is JsonException j ? $"The JSON body could not be read: {j.Message}" : b.Message;
}
