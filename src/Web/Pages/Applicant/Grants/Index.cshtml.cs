using CallManager.Web.Ui;
using CallManager.Workflow.Common;
using CallManager.Workflow.Grants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant.Grants;

/// <summary>The beneficiary's grant space: each grant's agreement, tranches and reports, with the upload of a due report.</summary>
public sealed class IndexModel(GrantService grants) : PageModel
{
    public List<GrantView> Grants { get; private set; } = [];

    /// <summary>The figures typed for the report being sent, by indicator key (kept when the upload is refused).</summary>
    [BindProperty] public Dictionary<string, string?> Indicators { get; set; } = [];

    public async Task OnGetAsync() => Grants = await grants.ListViewsAsync(new GrantFilter(), await this.ActorAsync());

    public async Task<IActionResult> OnPostReportAsync(Guid id, Guid reportId, IFormFile? document)
    {
        try
        {
            await using var content = document?.OpenReadStream();
            await grants.SubmitReportAsync(id, reportId, new ReportUpload(content, document?.FileName, Indicators), await this.ActorAsync());
            return Redirect("/Applicant/Grants?sent=1");
        }
        catch (DomainException refusal) when (refusal.Kind != DomainErrorKind.NotFound)
        {
            foreach (var message in refusal.LocalizedProblems())
                ModelState.AddModelError("", message);
            await OnGetAsync();
            return Page();
        }
    }
}
