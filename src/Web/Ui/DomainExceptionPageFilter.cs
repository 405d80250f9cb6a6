using CallManager.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace CallManager.Web.Ui;

/// <summary>
/// A domain refusal that a page did not turn into a form error becomes the matching error page:
/// not found → 404, forbidden → 403 (never data), anything else → 422 with the message on the error page.
/// </summary>
public sealed class DomainExceptionPageFilter(ILogger<DomainExceptionPageFilter> logger) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not DomainException refusal || executed.ExceptionHandled) return;
        logger.LogInformation("Page {Path} refused: {Kind} {Message}", context.HttpContext.Request.Path, refusal.Kind, refusal.Message);
        executed.ExceptionHandled = true;
        executed.Result = new StatusCodeResult(refusal.Kind switch
        {
            DomainErrorKind.NotFound => StatusCodes.Status404NotFound,
            DomainErrorKind.Forbidden => StatusCodes.Status403Forbidden,
            DomainErrorKind.Conflict => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status422UnprocessableEntity,
        });
    }
}
