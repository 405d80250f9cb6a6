using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Privacy;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>One dossier for an administrator: eligibility reasons, then the admissibility decision or a request for missing documents.</summary>
public sealed class DossierModel(ApplicationService applications, CallService calls) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid CallId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Command Input { get; set; } = new();
    public ApplicationView Dossier { get; private set; } = null!;
    public Call Call { get; private set; } = null!;

    /// <summary>Who opened this dossier and its documents, newest first.</summary>
    public IReadOnlyList<ReadingLog.ReadView> Reads { get; private set; } = [];

    public async Task OnGetAsync([FromServices] ReadingLog reads)
    {
        await LoadAsync();
        var actor = await this.ActorAsync();
        await reads.RecordAsync(actor, Id, null, "page");
        Reads = await reads.ForDossierAsync(Id, actor);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = await this.ActorAsync();
        try
        {
            await applications.RecordAdmissibilityAsync(Id, new AdmissibilityInput(Input.Decision, Input.Reason, Input.MissingDocuments, Input.DueAt), actor);
            return Redirect($"/Admin/Calls/{CallId}/Dossiers/{Id}?done=1");
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            ModelState.AddDomainErrors(refusal);
            await LoadAsync();
            return Page();
        }
    }

    /// <summary>A file of the dossier, shown in the page (<paramref name="download"/> false) or downloaded.</summary>
    public async Task<IActionResult> OnGetDocumentAsync(Guid attachmentId, bool download)
    {
        await LoadAsync();
        return await this.AttachmentAsync(Id, attachmentId, download, await this.ActorAsync());
    }

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Dossier = await applications.GetAsync(Id, actor);
        if (Dossier.CallId != CallId) throw DomainException.NotFound("The dossier");
        Call = await calls.FindAsync(CallId, actor);
    }

    /// <summary>The decision an administrator records.</summary>
    public sealed class Command
    {
        public ApplicationStatus Decision { get; set; } = ApplicationStatus.Admissible;
        [System.ComponentModel.DataAnnotations.Display(Name = "Instruct.Reason")] public string? Reason { get; set; }
        public List<string> MissingDocuments { get; set; } = [];
        [System.ComponentModel.DataAnnotations.Display(Name = "Instruct.DueAt")] public DateTime? DueAt { get; set; }
    }
}
