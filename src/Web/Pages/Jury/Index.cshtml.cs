using CallManager.Web.Ui;
using CallManager.Domain.Common;
using CallManager.Domain.Reviews;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Jury;

/// <summary>"My calls" for a reviewer: per call the declaration of conflicts (confirm), progress and deadline; then the assigned reviews.</summary>
public sealed class IndexModel(ReviewService reviews, ConflictService conflicts) : PageModel
{
    public MyReviews Mine { get; private set; } = new([], []);
    public Dictionary<Guid, ConflictDeclaration> Declarations { get; } = [];

    /// <summary>Per call, the organisations the reviewer may declare a conflict with.</summary>
    public Dictionary<Guid, List<ConflictCandidate>> Candidates { get; } = [];

    /// <summary>The declaration form of one call.</summary>
    public sealed record DeclareCommand(Guid CallId, Guid? OrganisationId, ConflictType? Type, string? Note);

    public async Task OnGetAsync() => await LoadAsync(await this.ActorAsync());

    /// <summary>Confirms the declaration of conflicts for one call.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(Guid callId)
    {
        var actor = await this.ActorAsync();
        try
        {
            await conflicts.ConfirmAsync(callId, actor);
            return RedirectToPage();
        }
        catch (DomainException refusal) { ModelState.AddDomainErrors(refusal); }
        await LoadAsync(actor);
        return Page();
    }

    /// <summary>Declares a conflict with one organisation of the call (the reviewer's draft reviews of its dossiers go).</summary>
    public async Task<IActionResult> OnPostDeclareAsync(DeclareCommand declare)
    {
        var actor = await this.ActorAsync();
        try
        {
            await conflicts.DeclareAsync(declare.CallId, new DeclareConflictInput(declare.OrganisationId, declare.Type, declare.Note), actor);
            return RedirectToPage();
        }
        catch (DomainException refusal) { ModelState.AddDomainErrors(refusal); }
        await LoadAsync(actor);
        return Page();
    }

    private async Task LoadAsync(Actor actor)
    {
        Mine = await reviews.MineAsync(actor);
        foreach (var call in Mine.Calls)
        {
            Declarations[call.CallId] = await conflicts.ListAsync(call.CallId, actor);
            Candidates[call.CallId] = await conflicts.CandidatesAsync(call.CallId, actor);
        }
    }
}
