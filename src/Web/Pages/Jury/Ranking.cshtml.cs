using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Selection.Ranking;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Jury;

/// <summary>
/// The call's ranking for a reviewer of its jury, once deliberation opens: spreads and disagreement flags, without the
/// dossiers they are conflicted with. Who sees what, and when, is <see cref="RankingService"/>'s rule; before, its refusal is the message.
/// </summary>
public sealed class RankingModel(CallService calls, RankingService rankings) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;
    public RankingView? Ranking { get; private set; }

    /// <summary>Why the ranking is not shown (deliberation not open, or not on this call's jury).</summary>
    public string? NotShown { get; private set; }

    public async Task OnGetAsync()
    {
        var actor = await this.ActorAsync();
        Call = await calls.FindAsync(Id, actor);
        try
        {
            Ranking = await rankings.LatestAsync(Id, actor);
        }
        catch (DomainException refusal) when (refusal.Kind == DomainErrorKind.Forbidden)
        {
            NotShown = refusal.Localized();
        }
    }
}
