using CallManager.Web.Ui;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant.Grants;

/// <summary>
/// The beneficiary's grant space: each grant's agreement (read it as a PDF, accept it), tranches, reports (save as draft,
/// send, answer the requested changes) and history. Every action calls <see cref="GrantService"/>, as the API does.
/// </summary>
public sealed class IndexModel(GrantService grants) : PageModel
{
    public List<GrantView> Grants { get; private set; } = [];

    /// <summary>SHA-256 of the agreement PDF shown to the reader, by grant (grants awaiting signature only).</summary>
    public Dictionary<Guid, string> AgreementHashes { get; } = [];

    /// <summary>Grants whose agreement was uploaded signed rather than accepted online.</summary>
    public HashSet<Guid> SignedCopies { get; } = [];

    /// <summary>The figures typed for the report being sent, by indicator key (kept when the upload is refused).</summary>
    [BindProperty] public Dictionary<string, string?> Indicators { get; set; } = [];
    [BindProperty] public string? Narrative { get; set; }
    [BindProperty] public string? Answer { get; set; }

    /// <summary>The report whose form was posted (its typed values are shown again when refused).</summary>
    public Guid? PostedReport { get; private set; }

    public async Task OnGetAsync()
    {
        var actor = await this.ActorAsync();
        Grants = await grants.ListViewsAsync(new GrantFilter(), actor);
        foreach (var grant in Grants.Where(g => g.Status == GrantStatus.AwaitingSignature))
            AgreementHashes[grant.Id] = (await grants.AgreementDocumentAsync(grant.Id, actor)).Sha256;
        foreach (var grant in Grants.Where(g => g.Agreement is not null))
            if (await grants.SignedAgreementAsync(grant.Id, actor) is not null) SignedCopies.Add(grant.Id);
    }

    public async Task<IActionResult> OnGetSignedAgreementAsync(Guid id)
    {
        var document = await grants.SignedAgreementAsync(id, await this.ActorAsync()) ?? throw DomainException.NotFound("The signed agreement");
        Response.Headers["X-Content-SHA256"] = document.Sha256;
        return File(document.Content, document.ContentType, document.FileName);
    }

    public async Task<IActionResult> OnGetReportAcknowledgementAsync(Guid id, Guid reportId)
    {
        var document = await grants.ReportAcknowledgementAsync(id, reportId, await this.ActorAsync());
        Response.Headers["X-Content-SHA256"] = document.Sha256;
        return File(document.Content, document.ContentType, document.FileName);
    }

    public Task<IActionResult> OnPostUploadSignedAsync(Guid id, IFormFile? signed) =>
        RunAsync(null, async actor =>
        {
            await using var content = signed is { Length: > 0 } ? signed.OpenReadStream() : null;
            await grants.UploadSignedAgreementAsync(id, content, signed?.FileName, actor);
        }, "signed");

    public async Task<IActionResult> OnGetAgreementAsync(Guid id)
    {
        var document = await grants.AgreementDocumentAsync(id, await this.ActorAsync());
        Response.Headers["X-Content-SHA256"] = document.Sha256;
        return File(document.Content, document.ContentType, document.FileName);
    }

    public Task<IActionResult> OnPostAcceptAsync(Guid id, bool accept, string? sha256) =>
        RunAsync(null, async actor => await grants.AcceptAgreementAsync(id, new AgreementAcceptanceInput(accept, sha256), actor), "signed");

    public Task<IActionResult> OnPostDraftAsync(Guid id, Guid reportId) =>
        RunAsync(reportId, async actor => await grants.SaveReportDraftAsync(id, reportId, new ReportDraftInput(Indicators, Narrative, Answer), actor), "saved");

    public Task<IActionResult> OnPostReportAsync(Guid id, Guid reportId, IFormFile? document) =>
        RunAsync(reportId, async actor =>
        {
            await using var content = document?.OpenReadStream();
            await grants.SubmitReportAsync(id, reportId, new ReportUpload(content, document?.FileName, Indicators, Narrative, Answer), actor);
        }, "sent");

    /// <summary>Runs one change; a refusal is shown on the page with what the reader typed.</summary>
    private async Task<IActionResult> RunAsync(Guid? reportId, Func<Actor, Task> change, string done)
    {
        try
        {
            await change(await this.ActorAsync());
            return Redirect($"/Applicant/Grants?{done}=1");
        }
        catch (DomainException refusal) when (refusal.Kind != DomainErrorKind.NotFound)
        {
            foreach (var message in refusal.LocalizedProblems())
                ModelState.AddModelError("", message);
            PostedReport = reportId;
            await OnGetAsync();
            return Page();
        }
    }
}
