using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Reviews;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Reviews;

/// <summary>
/// A call's assignments for administrators: automatic assignment (Post/Redirect/Get, its result carried once in TempData),
/// manual assignment of a jury member to an admissible dossier, removal of drafts (confirmed first when the review was started).
/// </summary>
public sealed class AssignmentsModel(CallService calls, AssignmentService assignments, ApplicationService applications, JuryService jury,
    ReviewProgressQuery progress) : PageModel
{
    private const string ResultKey = "Assignments.AutoResult";

    // The result crosses the redirect as JSON: its explanations are written in the page's language and read back as they are.
    private static readonly JsonSerializerOptions ResultJson = new() { Converters = { new LocalizableTextJsonConverter(() => CultureInfo.CurrentUICulture) } };

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;
    public List<AssignmentView> Assignments { get; private set; } = [];

    /// <summary>Reviews whose reviewer already saved something (their removal is confirmed first).</summary>
    public HashSet<Guid> Started { get; private set; } = [];
    public List<JuryMemberView> Members { get; private set; } = [];

    /// <summary>The dossiers a reviewer can be assigned to (admissible ones; the service refuses the others anyway).</summary>
    public List<ApplicationSummary> Dossiers { get; private set; } = [];

    /// <summary>What the automatic assignment just did (shown once, on the page the run redirects to).</summary>
    public AutoAssignResult? Result { get; private set; }

    /// <summary>A started review whose removal waits for the administrator's confirmation.</summary>
    public AssignmentView? ToConfirm { get; private set; }

    /// <summary>The manual assignment form.</summary>
    public AssignCommand Assign { get; private set; } = new();

    /// <summary>The automatic assignment form (blank fields take the call's settings).</summary>
    public sealed record AutoCommand(int? ReviewersPerDossier, int? MaxPerReviewer, string? Solver);

    /// <summary>One jury member for one dossier.</summary>
    public sealed class AssignCommand
    {
        [Required] public Guid? ApplicationId { get; set; }
        [Required] public string? ReviewerId { get; set; }
    }

    public async Task OnGetAsync()
    {
        if (TempData[ResultKey] is string json) Result = JsonSerializer.Deserialize<AutoAssignResult>(json, ResultJson);
        await LoadAsync();
    }

    public Task<IActionResult> OnPostAutoAsync(AutoCommand auto) => this.RunAsync($"/Admin/Calls/{Id}/Assignments?done=auto", async actor =>
    {
        var result = await assignments.AutoAssignAsync(Id, new AutoAssignInput(auto.ReviewersPerDossier, auto.MaxPerReviewer, auto.Solver), actor);
        TempData[ResultKey] = JsonSerializer.Serialize(result, ResultJson);
    }, LoadAsync);

    public async Task<IActionResult> OnPostAssignAsync([Bind(Prefix = nameof(Assign))] AssignCommand assign)
    {
        Assign = assign;
        if (ModelState.IsValid)
        {
            try
            {
                await assignments.AssignAsync(Id, new AssignInput(assign.ApplicationId, assign.ReviewerId), await this.ActorAsync());
                return Redirect($"/Admin/Calls/{Id}/Assignments?done=assigned");
            }
            catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
            {
                var field = refusal.Errors.ContainsKey("applicationId") ? nameof(AssignCommand.ApplicationId) : nameof(AssignCommand.ReviewerId);
                ModelState.AddModelError($"{nameof(Assign)}.{field}", refusal.Localized());
            }
        }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid reviewId, bool confirmed)
    {
        if (!confirmed)
        {
            await LoadAsync();
            ToConfirm = Assignments.FirstOrDefault(a => a.ReviewId == reviewId && Started.Contains(a.ReviewId));
            if (ToConfirm is not null) return Page();
        }
        return await this.RunAsync($"/Admin/Calls/{Id}/Assignments?done=removed", actor => assignments.UnassignAsync(Id, reviewId, actor), LoadAsync);
    }

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Call = await calls.FindAsync(Id, actor);
        Assignments = await assignments.ListAsync(Id, actor);
        Started = (await progress.BoardAsync(Id, actor)).Reviews.Where(r => r.Started).Select(r => r.ReviewId).ToHashSet();
        Members = await jury.ListAsync(Id, actor);
        Dossiers = (await applications.ListForCallAsync(Id, actor)).Where(d => d.Status == ApplicationStatus.Admissible)
            .OrderBy(d => d.Reference, StringComparer.Ordinal).ToList();
    }
}
