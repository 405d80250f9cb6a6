using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Selection.Decisions;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Selection;

/// <summary>Publication of a call's decisions: the count by outcome, every letter as it will be sent (French and English), then one confirmed step.</summary>
public sealed class PublicationModel(CallService calls, DecisionService decisions) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;
    public PublicationPreview Preview { get; private set; } = null!;

    public Task OnGetAsync() => LoadAsync();

    /// <summary>Publishes every staged decision and sends the letters (the service refuses when a dossier is undecided or the envelope is passed).</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var actor = await this.ActorAsync();
        try
        {
            var result = await decisions.PublishAsync(Id, actor);
            return Redirect($"/Admin/Calls/{Id}/Publication?published={result.Published}&letters={result.Letters}");
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
        var actor = await this.ActorAsync();
        Call = await calls.FindAsync(Id, actor);
        Preview = await decisions.PreviewPublicationAsync(Id, actor);
    }
}
