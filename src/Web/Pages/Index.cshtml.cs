using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages;

/// <summary>The home page: the calls open to dossiers now, as cards with their deadline and budget.</summary>
public sealed class IndexModel(CallService calls, TimeProvider clock) : PageModel
{
    /// <summary>Published calls whose deadline has not passed, soonest deadline first.</summary>
    public List<Call> OpenCalls { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync()
    {
        Now = clock.GetUtcNow();
        var visible = await calls.ListAsync(await this.ActorAsync());
        OpenCalls = visible.Where(c => c.Status == CallStatus.Published && c.SubmissionDeadline > Now)
            .OrderBy(c => c.SubmissionDeadline).ToList();
    }
}
