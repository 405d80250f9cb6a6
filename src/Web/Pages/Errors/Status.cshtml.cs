using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Errors;

/// <summary>The error page for a status code (404, 403, 500, ...), reached by re-execution so the URL and status stay.</summary>
[AllowAnonymous, IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    /// <summary>The status code shown.</summary>
    public int Code { get; private set; }

    /// <summary>The resource prefix of the texts: "Error.404", "Error.403", "Error.500" or "Error.Other".</summary>
    public string Key => Code is 404 or 403 or 500 or 409 or 422 or 429 ? $"Error.{Code}" : "Error.Other";

    /// <summary>The seconds to wait before trying again, after a refusal for too many attempts.</summary>
    public int? RetryAfter => Hosting.RateLimits.RetryAfter(HttpContext);

    public void OnGet(int code) => Show(code);
    public void OnPost(int code) => Show(code);

    private void Show(int code)
    {
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        Code = reExecuted ? code : 404;
        // A direct visit to /Errors/500 is not an error: it is a page that does not exist.
        Response.StatusCode = Code;
    }
}
