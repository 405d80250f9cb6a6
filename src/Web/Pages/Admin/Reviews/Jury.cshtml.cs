using CallManager.Web.Pages.Account;
using CallManager.Web.Ui;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Reviews;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Reviews;

/// <summary>A call's jury for administrators: members with confirmation state and loads, invitation, conflicts added and locked by an administrator.</summary>
public sealed class JuryModel(CallService calls, ApplicationService applications, JuryService jury, ConflictService conflicts) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;
    public List<JuryMemberView> Members { get; private set; } = [];
    public List<ConflictView> Conflicts { get; private set; } = [];
    public List<(Guid Id, string Name)> Organisations { get; private set; } = [];

    /// <summary>The invitation form: e-mail, themes separated by commas, optional personal load cap.</summary>
    public sealed record InviteCommand(string? Email, string? Themes, int? MaxLoad);

    /// <summary>The conflict an administrator adds for a member, possibly locked.</summary>
    public sealed record ConflictCommand(string? UserId, Guid? OrganisationId, ConflictType? Type, string? Note, bool? Locked);

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostInviteAsync(InviteCommand invite) => this.RunAsync($"/Admin/Calls/{Id}/Jury?done=invited", actor =>
        jury.InviteAsync(Id, new InviteReviewerInput(invite.Email, Themes: SplitThemes(invite.Themes), MaxLoad: invite.MaxLoad), actor, new Ui.ReviewerLinks(HttpContext)),
        LoadAsync);

    public Task<IActionResult> OnPostConflictAsync(ConflictCommand conflict) => this.RunAsync($"/Admin/Calls/{Id}/Jury?done=conflict", actor =>
        conflicts.DeclareAsync(Id, new DeclareConflictInput(conflict.OrganisationId, conflict.Type, conflict.Note, conflict.UserId, conflict.Locked), actor),
        LoadAsync);

    /// <summary>The display name of jury member <paramref name="userId"/>.</summary>
    public string MemberName(string userId) => Members.FirstOrDefault(m => m.UserId == userId)?.Email ?? userId;

    private static List<string> SplitThemes(string? themes) =>
        (themes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Call = await calls.FindAsync(Id, actor);
        Members = await jury.ListAsync(Id, actor);
        Conflicts = (await conflicts.ListAsync(Id, actor)).Conflicts;
        Organisations = (await applications.ListForCallAsync(Id, actor)).Select(d => (d.LeadOrganisationId, d.LeadOrganisationName)).Distinct()
            .OrderBy(o => o.Item2, StringComparer.CurrentCulture).ToList();
    }
}
