using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Documents;
using CallManager.Domain.Selection.Documents;
using CallManager.Domain.Submissions;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant.Dossiers;

/// <summary>The printable receipt of one submitted version: number, instant in the call's zone, SHA-256.</summary>
public sealed class ReceiptModel(ApplicationService applications, CallService calls, ApplicantDocuments documents) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }
    public ApplicationView Dossier { get; private set; } = null!;
    public VersionView Receipt { get; private set; } = null!;
    public Call Call { get; private set; } = null!;

    public async Task OnGetAsync()
    {
        var actor = await this.ActorAsync();
        Dossier = await applications.GetAsync(Id, actor);
        Call = await calls.FindAsync(Dossier.CallId, actor);
        Receipt = Dossier.Versions.FirstOrDefault(v => v.Number == (Version ?? Dossier.CurrentVersion))
            ?? throw DomainException.NotFound("The receipt");
    }

    /// <summary>The receipt as a PDF (every answer and file with its hash), generated once and then served identically.</summary>
    public async Task<IActionResult> OnGetPdfAsync()
    {
        var document = await documents.ReceiptAsync(Id, Version, await this.ActorAsync());
        Response.Headers["X-Content-SHA256"] = document.Sha256;
        return File(document.Content, document.ContentType, document.FileName);
    }
}
