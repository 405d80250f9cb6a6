using System.ComponentModel.DataAnnotations;
using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Privacy;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>
/// The instruction of one dossier: the whole dossier (answers, members and their checks, documents to open or download), each
/// eligibility rule with its result and reason, derogations, the trace, then the admissibility decision with nothing preselected.
/// </summary>
public sealed class DossierModel(ApplicationService applications, CallService calls, EligibilityService eligibility, ApplicationTrace trace,
    ReadingLog reads) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid CallId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Command Input { get; set; } = new();
    [BindProperty] public DerogationCommand Derogation { get; set; } = new();
    public ApplicationView Dossier { get; private set; } = null!;
    public Call Call { get; private set; } = null!;
    public EligibilityStandingView Standing { get; private set; } = null!;
    public List<MemberCheck> Members { get; private set; } = [];
    public List<TraceEntry> Trace { get; private set; } = [];

    /// <summary>Who opened this dossier and its documents, newest first.</summary>
    public IReadOnlyList<ReadingLog.ReadView> Reads { get; private set; } = [];

    /// <summary>The failed rules without a derogation: those a derogation may be recorded for.</summary>
    public List<RuleStandingView> Derogable => Standing.Rules.Where(r => !r.Met && r.Derogation is null).ToList();

    public async Task OnGetAsync()
    {
        await reads.RecordAsync(await this.ActorAsync(), Id, null, "page");
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var input = new AdmissibilityInput(Input.Decision ?? ApplicationStatus.Draft, Input.Reason, Input.MissingDocuments, Input.DueAt);
        return await RunAsync(async actor => await applications.RecordAdmissibilityAsync(Id, input, actor), "Input", "done");
    }

    /// <summary>Records a derogation through the same service as <c>POST /api/applications/{id}/derogations</c>.</summary>
    public async Task<IActionResult> OnPostDerogateAsync() =>
        await RunAsync(async actor => await eligibility.GrantDerogationAsync(Id, new DerogationInput(Derogation.Rule, Derogation.Reason), actor), "Derogation", "derogated");

    /// <summary>A document of the dossier, opened in the browser (<paramref name="download"/> false) or downloaded; the reading is logged.</summary>
    public async Task<IActionResult> OnGetAttachmentAsync(Guid attachmentId, bool download)
    {
        var actor = await this.ActorAsync();
        var (content, type, name) = await applications.OpenAttachmentAsync(Id, attachmentId, actor);
        await reads.RecordAsync(actor, Id, attachmentId, download ? "download" : "page");
        if (download) return File(content, type, name);
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(name);
        Response.Headers.ContentDisposition = disposition.ToString();
        return File(content, type);
    }

    /// <summary>What a failed rule's reason adds to its statement ("Not met: …"), or the whole reason when it does not repeat it.</summary>
    public static string Why(RuleStandingView rule) =>
        rule.Reason is { } reason && reason.StartsWith(rule.Statement, StringComparison.Ordinal) && reason.Length > rule.Statement.Length
            ? reason[rule.Statement.Length..].Trim() : rule.Reason ?? rule.Statement;

    /// <summary>An answer as every reader sees it (<see cref="AnswerText"/>), a dash when unanswered.</summary>
    public string Answer(FormField field) => AnswerText.Format(field, Dossier.Answers[field.Key], Format.Language) ?? "—";

    private async Task<IActionResult> RunAsync(Func<Actor, Task> change, string prefix, string notice)
    {
        var actor = await this.ActorAsync();
        ModelState.Clear(); // the domain judges the whole input; the attributes only mark the fields it requires
        try
        {
            await change(actor);
            return Redirect($"/Admin/Calls/{CallId}/Dossiers/{Id}?{notice}=1");
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            ModelState.AddDomainErrors(refusal, prefix);
            await LoadAsync();
            return Page();
        }
    }

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Dossier = await applications.GetAsync(Id, actor);
        if (Dossier.CallId != CallId) throw DomainException.NotFound("The dossier");
        Call = await calls.FindAsync(CallId, actor);
        Standing = await eligibility.StandingAsync(Id, actor);
        Members = await eligibility.MemberChecksAsync(Id, actor);
        Trace = await trace.ForApplicationAsync(Id, actor);
        Reads = await reads.ForDossierAsync(Id, actor);
    }

    /// <summary>The decision an administrator records: none is chosen until they choose.</summary>
    public sealed class Command
    {
        [Display(Name = "Instruct.Decision")] public ApplicationStatus? Decision { get; set; }
        [Display(Name = "Instruct.Reason"), Required] public string? Reason { get; set; }
        public List<string> MissingDocuments { get; set; } = [];
        [Display(Name = "Instruct.DueAt")] public DateTime? DueAt { get; set; }
    }

    /// <summary>A derogation to one failed rule, with its reason (who and when are the signed-in administrator and now).</summary>
    public sealed class DerogationCommand
    {
        [Display(Name = "Derogation.Rule"), Required] public string? Rule { get; set; }
        [Display(Name = "Derogation.Reason"), Required] public string? Reason { get; set; }
    }
}
