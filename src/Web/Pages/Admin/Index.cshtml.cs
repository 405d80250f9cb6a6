using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin;

/// <summary>The administrators' calls list (every status), with publish and copy.</summary>
public sealed class IndexModel(CallService calls, TimeProvider clock) : PageModel
{
    public List<Call> Calls { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostPublishAsync(Guid id) => await ActAsync(actor => calls.PublishAsync(id, actor), "published");

    public async Task<IActionResult> OnPostCopyAsync(Guid id) => await ActAsync(actor => calls.CopyAsync(id, actor), "copied");

    private async Task<IActionResult> ActAsync(Func<Actor, Task<Call>> action, string done)
    {
        try
        {
            await action(await this.ActorAsync());
            return Redirect($"/Admin?done={done}");
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            ModelState.AddModelError("", refusal.Localized());
            await LoadAsync();
            return Page();
        }
    }

    private async Task LoadAsync()
    {
        Now = clock.GetUtcNow();
        Calls = await calls.ListAsync(await this.ActorAsync());
    }
}
