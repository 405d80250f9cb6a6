using CallManager.Domain.Documents;
using CallManager.Domain.Selection.Applicants;
using CallManager.Domain.Selection.Documents;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant.Dossiers;

/// <summary>The printable decision letter of a dossier with its evaluation summary, once published; before, a "no decision yet" state.</summary>
public sealed class DecisionModel(ApplicantDecisions decisions, ApplicantDocuments documents, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public ApplicantDecisionView View { get; private set; } = null!;
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task OnGetAsync() => View = await decisions.GetAsync(Id, await this.ActorAsync());

    /// <summary>The letter as a PDF, generated once and then served identically.</summary>
    public async Task<IActionResult> OnGetPdfAsync()
    {
        var document = await documents.DecisionLetterAsync(Id, await this.ActorAsync());
        Response.Headers["X-Content-SHA256"] = document.Sha256;
        return File(document.Content, document.ContentType, document.FileName);
    }
}
