using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Selection.Calibration;
using CallManager.Domain.Selection.Decisions;
using CallManager.Domain.Selection.Ranking;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Selection;

/// <summary>A call's selection for administrators: ranking with spreads and flags, budget bar, staging, proposal, one publish step.</summary>
public sealed class IndexModel(CallService calls, RankingService rankings, DecisionService decisions) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;
    public RankingView Ranking { get; private set; } = null!;
    public DecisionsView Decisions { get; private set; } = null!;

    /// <summary>The staging form of one dossier.</summary>
    public sealed record StageCommand(Guid ApplicationId, DecisionOutcome? Outcome, decimal? Amount, int? ReserveRank, string? Reason);

    public Task OnGetAsync() => LoadAsync();

    public Task<IActionResult> OnPostStageAsync(StageCommand command) => RunAsync("staged", async actor =>
        await decisions.StageAsync(command.ApplicationId, new DecisionInput(command.Outcome, command.Amount, command.ReserveRank, command.Reason), actor));

    /// <summary>Freezes a new snapshot of the submitted reviews (reviews submitted since the last snapshot count from now on).</summary>
    public Task<IActionResult> OnPostFreezeAsync(RankingBasis basis) => RunAsync("frozen", actor => rankings.FreezeAsync(Id, basis, actor));

    public Task<IActionResult> OnPostProposeAsync() => RunAsync("proposed", actor => decisions.ProposeAsync(Id, new ProposalInput(), actor));

    public Task<IActionResult> OnPostPublishAsync() => RunAsync("published", actor => decisions.PublishAsync(Id, actor));

    /// <summary>The decision staged for <paramref name="applicationId"/>, if any.</summary>
    public DecisionRow? DecisionOf(Guid applicationId) => Decisions.Decisions.FirstOrDefault(d => d.ApplicationId == applicationId);

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Call = await calls.FindAsync(Id, actor);
        Ranking = await rankings.LatestAsync(Id, actor);
        Decisions = await decisions.ListAsync(Id, actor);
    }

    private async Task<IActionResult> RunAsync<T>(string done, Func<Actor, Task<T>> action)
    {
        try
        {
            await action(await this.ActorAsync());
            return Redirect($"/Admin/Calls/{Id}/Selection?done={done}");
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            ModelState.AddModelError("", refusal.Localized());
            await LoadAsync();
            return Page();
        }
    }
}
