using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>The dossier form of a call as an applicant will see it (labels, hints, limits, sections in order), empty and never sent.</summary>
public sealed class PreviewModel(CallService calls) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    public Call Call { get; private set; } = null!;

    public async Task OnGetAsync() => Call = await calls.FindAsync(Id, await this.ActorAsync());

    /// <summary>An empty answer to <paramref name="field"/>, as a new dossier shows it.</summary>
    public static AnswerField Empty(FormField field) => new(field, "", [], [], []);
}
