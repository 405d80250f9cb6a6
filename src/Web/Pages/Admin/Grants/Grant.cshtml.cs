using CallManager.Web.Ui;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Grants;

/// <summary>
/// One grant for administrators: its agreement (record the signature, read the PDF), tranches (record a payment), reports (open
/// the document, approve, or ask for changes with reasons) and history. Every action calls <see cref="GrantService"/>, as the API does.
/// </summary>
public sealed class GrantModel(GrantService grants) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public GrantView Grant { get; private set; } = null!;

    /// <summary>The reasons typed for a request for changes (kept when refused), and the report they were for.</summary>
    [BindProperty] public string? Reasons { get; set; }
    public Guid? PostedReport { get; private set; }

    public async Task OnGetAsync() => Grant = await grants.GetAsync(Id, await this.ActorAsync());

    public async Task<IActionResult> OnGetAgreementAsync()
    {
        var document = await grants.AgreementDocumentAsync(Id, await this.ActorAsync());
        return File(document.Content, document.ContentType, document.FileName);
    }

    public async Task<IActionResult> OnGetDocumentAsync(Guid reportId)
    {
        var (content, type, name) = await grants.OpenDocumentAsync(Id, reportId, await this.ActorAsync());
        return File(content, type, name);
    }

    public Task<IActionResult> OnPostSignAsync(DateOnly? signedDate, DateOnly? startDate, DateOnly? endDate) =>
        RunAsync(null, actor => grants.SignAsync(Id, new AgreementInput(signedDate, startDate, endDate), actor), "signed");

    public Task<IActionResult> OnPostPaidAsync(Guid trancheId, DateOnly? paidOn) =>
        RunAsync(null, actor => grants.RecordPaymentAsync(Id, trancheId, new PaymentInput(paidOn), actor), "paid");

    public Task<IActionResult> OnPostApproveAsync(Guid reportId) =>
        RunAsync(reportId, actor => grants.ApproveReportAsync(Id, reportId, actor), "approved");

    public Task<IActionResult> OnPostChangesAsync(Guid reportId) =>
        RunAsync(reportId, actor => grants.RequestChangesAsync(Id, reportId, new ChangesInput(Reasons), actor), "changes");

    /// <summary>Runs one change and comes back to the grant with a confirmation; a refusal is shown on the page with what was typed.</summary>
    private async Task<IActionResult> RunAsync(Guid? reportId, Func<Actor, Task<GrantView>> change, string done)
    {
        try
        {
            await change(await this.ActorAsync());
            return Redirect($"/Admin/Grants/{Id}?done={done}");
        }
        catch (DomainException refusal) when (refusal.Kind != DomainErrorKind.NotFound)
        {
            foreach (var message in refusal.LocalizedProblems()) ModelState.AddModelError("", message);
            PostedReport = reportId;
            await OnGetAsync();
            return Page();
        }
    }
}
