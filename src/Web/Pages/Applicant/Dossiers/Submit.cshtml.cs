using CallManager.Web.Hosting;
using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Applicant.Dossiers;

/// <summary>
/// "Check and submit": the domain's own checks run before the button (missing answers by section, eligibility in plain
/// words), then <see cref="ApplicationService.SubmitAsync"/> gives the receipt.
/// </summary>
public sealed class SubmitModel(ApplicationService applications, ApplicationAccess access, EligibilityService eligibility, CallService calls, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public ApplicationView Dossier { get; private set; } = null!;
    public Call Call { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }

    /// <summary>Missing or invalid answers, by section index and field key.</summary>
    public List<(int Section, string Key, string Message)> Problems { get; private set; } = [];

    /// <summary>The eligibility rules the dossier fails now, in plain words.</summary>
    public List<string> Ineligible { get; private set; } = [];

    public async Task OnGetAsync() => await CheckAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        try
        {
            var receipt = await applications.SubmitAsync(Id, await this.ActorAsync(), HttpContext.ArrivedAt());
            return Redirect($"/Applicant/Dossiers/{Id}/receipt?version={receipt.Version}");
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            ModelState.AddModelError("", refusal.Localized());
        }
        await CheckAsync();
        return Page();
    }

    private async Task CheckAsync()
    {
        var actor = await this.ActorAsync();
        var application = await access.LoadForApplicantAsync(Id, actor);
        Dossier = ApplicationView.From(application);
        Call = await calls.FindAsync(application.CallId, actor);
        Now = clock.GetUtcNow();
        var errors = FormValidator.Validate(Call.Form, application.Answers, application.Attachments, complete: true, actor.Language);
        Problems = Call.Form.Sections.SelectMany((s, i) => s.Fields.Where(f => errors.ContainsKey(f.Key))
            .SelectMany(f => errors[f.Key].Select(m => (i, f.Key, m.Localized())))).ToList();
        Ineligible = (await eligibility.EvaluateAsync(Call, application, actor.Language, live: true)).Failures.Select(f => f.Reason).ToList();
    }
}
