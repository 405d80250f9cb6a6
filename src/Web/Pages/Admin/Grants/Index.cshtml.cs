using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Grants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Grants;

/// <summary>
/// The administrators' grants board: every grant with its state, amount paid and still due, next tranche and next report with
/// their dates, overdue ones first; filtered by call, state and "overdue only". Each line opens the grant's page.
/// </summary>
public sealed class IndexModel(GrantService grants, CallService calls) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? CallId { get; set; }
    [BindProperty(SupportsGet = true)] public GrantStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }

    /// <summary>The grants shown, in the board's order (<see cref="GrantView.BoardOrder"/>).</summary>
    public List<GrantView> Grants { get; private set; } = [];

    /// <summary>How many grants exist before the filters (to tell "none yet" from "none match").</summary>
    public int Total { get; private set; }

    /// <summary>The calls that have grants, for the filter and the call column, by id.</summary>
    public Dictionary<Guid, Call> Calls { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var actor = await this.ActorAsync();
        var all = await grants.ListViewsAsync(new GrantFilter(), actor);
        Total = all.Count;
        Calls = (await calls.ListAsync(actor)).Where(c => all.Any(g => g.CallId == c.Id)).ToDictionary(c => c.Id);
        var shown = all.Where(g => (CallId is null || g.CallId == CallId) && (Status is null || g.Status == Status) && (!Overdue || g.Overdue));
        Grants = GrantView.BoardOrder(shown).ToList();
    }
}
