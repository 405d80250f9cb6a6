using CallManager.Web.Ui;
using CallManager.Domain.Common;
using CallManager.Domain.Notifications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Outbox;

/// <summary>The mail outbox for administrators: sent, pending and failed mails; resend a failed one.</summary>
public sealed class IndexModel(OutboxAdministration outbox) : PageModel
{
    [BindProperty(SupportsGet = true)] public OutboxStatus? Status { get; set; }
    public IReadOnlyList<OutboxMessageSummary> Mails { get; private set; } = [];

    public async Task OnGetAsync() => Mails = await outbox.ListAsync(Status);

    public async Task<IActionResult> OnPostResendAsync(Guid id)
    {
        try
        {
            await outbox.ResendAsync(id);
            return Redirect("/Admin/Outbox?resent=1");
        }
        catch (DomainException refusal) when (refusal.Kind != DomainErrorKind.NotFound)
        {
            ModelState.AddModelError("", refusal.Localized());
            Mails = await outbox.ListAsync(Status);
            return Page();
        }
    }
}
