using CallManager.Web.Ui;
using CallManager.Domain.Common;
using CallManager.Domain.Grants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Grants;

/// <summary>The administrators' grants board: reports overdue, due and awaiting review; tranches payable (record a payment) and paid.</summary>
public sealed class IndexModel(GrantService grants, TimeProvider clock) : PageModel
{
    public List<GrantView> Grants { get; private set; } = [];

    /// <summary>The instant the board is computed at (what is overdue).</summary>
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostPaidAsync(Guid id, Guid trancheId)
    {
        try
        {
            await grants.RecordPaymentAsync(id, trancheId, new PaymentInput(), await this.ActorAsync());
            return Redirect("/Admin/Grants?paid=1");
        }
        catch (DomainException refusal) when (refusal.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("", refusal.Localized());
            await LoadAsync();
            return Page();
        }
    }

    private async Task LoadAsync()
    {
        Now = clock.GetUtcNow();
        Grants = await grants.ListViewsAsync(new GrantFilter(), await this.ActorAsync());
    }

    /// <summary>Every report not yet approved of the grants that expect reports, with its grant, soonest due first.</summary>
    public IEnumerable<(GrantView Grant, ReportView Report)> Reports() =>
        Grants.Where(g => g.ExpectsReports).SelectMany(g => g.Reports.Select(r => (g, r)))
            .Where(x => x.r.Status != GrantReportStatus.Approved).OrderBy(x => x.r.DueAt);

    /// <summary>
    /// Every tranche in state <paramref name="state"/> with its grant; the unpaid ones only of grants that accept payments,
    /// so the payable tranches of a cancelled grant (kept as history) are not offered for payment.
    /// </summary>
    public IEnumerable<(GrantView Grant, TrancheView Tranche)> Tranches(string state) =>
        Grants.Where(g => state == "Paid" || g.AcceptsPayments).SelectMany(g => g.Tranches.Where(t => t.State == state).Select(t => (g, t)));
}
