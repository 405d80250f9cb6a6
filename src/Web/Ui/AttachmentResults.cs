using CallManager.Domain.Common;
using CallManager.Domain.Privacy;
using CallManager.Domain.Submissions;
using CallManager.Web.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace CallManager.Web.Ui;

/// <summary>A dossier's file served to a page that shows it: inline (framed by our own pages only) or as a download, the reading logged.</summary>
public static class AttachmentResults
{
    /// <summary>Opens the file through the domain's access rules, records the reading (channel "page" or "download") and returns it.</summary>
    public static async Task<IActionResult> AttachmentAsync(this PageModel page, Guid applicationId, Guid attachmentId, bool download, Actor actor)
    {
        var services = page.HttpContext.RequestServices;
        var (content, type, name) = await services.GetRequiredService<ApplicationService>().OpenAttachmentAsync(applicationId, attachmentId, actor);
        await services.GetRequiredService<ReadingLog>().RecordAsync(actor, applicationId, attachmentId, download ? "download" : "page");
        if (download) return page.File(content, type, name);
        page.HttpContext.AllowSameOriginFraming();
        page.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("inline") { FileNameStar = name }.ToString();
        return page.File(content, type);
    }
}
