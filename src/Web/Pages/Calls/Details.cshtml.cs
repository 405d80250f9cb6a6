using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Calls;

/// <summary>A call as applicants read it: description, dates in its zone, criteria and weights, eligibility rules, documents.</summary>
public sealed class DetailsModel(CallService calls, TimeProvider clock) : PageModel
{
    public Call Call { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }

    /// <summary>The eligibility rules in plain words, in the page's language.</summary>
    public List<string> Rules { get; private set; } = [];

    /// <summary>True while the call accepts new dossiers.</summary>
    public bool Open => Call.Status == CallStatus.Published && Now >= Call.OpensAt && Now <= Call.SubmissionDeadline;

    public async Task OnGetAsync(Guid id)
    {
        Call = await calls.FindAsync(id, await this.ActorAsync());
        Now = clock.GetUtcNow();
        Rules = Call.EligibilityRules.Select(r => EligibilityService.Explain(r, Call, Format.Language)).ToList();
    }
}
