using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>Confirmation before publishing a draft call: what applicants will see, then one button.</summary>
public sealed class PublishModel(CallService calls) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;

    public async Task OnGetAsync() => Call = await calls.FindAsync(Id, await this.ActorAsync());

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = await this.ActorAsync();
        try
        {
            await calls.PublishAsync(Id, actor);
            return Redirect("/Admin?done=published");
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            ModelState.AddModelError("", refusal.Localized());
            Call = await calls.FindAsync(Id, actor);
            return Page();
        }
    }
}
