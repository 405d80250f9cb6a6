using CallManager.Domain.Common;
using CallManager.Runtime;
using CallManager.Web.Hosting;
using CallManager.Web.Resources;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Pages.Admin.Workflows;

/// <summary>Definitions managed while the app runs: upload a file, see its problems (or its changes), publish it as a new version.</summary>
public sealed class DefinitionsModel(DefinitionAdministration admin, WorkflowQueries queries, IStringLocalizer<UiText> text) : PageModel
{
    /// <summary>A published definition: its id, name, latest version and how many versions it has.</summary>
    public sealed record Row(string DefinitionId, string Name, int Latest, int Versions, DateTimeOffset PublishedAt);

    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty(SupportsGet = true)] public string? Published { get; set; }
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }
    [BindProperty(SupportsGet = true)] public bool Unchanged { get; set; }

    public IReadOnlyList<Row> Definitions { get; private set; } = [];
    public DefinitionAdministration.Validation? Validation { get; private set; }
    public int MaxKilobytes => admin.MaxBytes / 1024;

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Validates the upload and shows its problems or its changes; nothing is published.</summary>
    public async Task<IActionResult> OnPostValidateAsync()
    {
        if (await ReadAsync() is { } upload) Validation = await admin.ValidateAsync(upload, HttpContext.RequestAborted);
        await LoadAsync();
        return Page();
    }

    /// <summary>Publishes the upload when it has no problem; otherwise shows them, as validating does.</summary>
    public async Task<IActionResult> OnPostPublishAsync()
    {
        if (await ReadAsync() is { } upload)
        {
            Validation = await admin.ValidateAsync(upload, HttpContext.RequestAborted);
            if (Validation.Valid)
            {
                var done = await admin.PublishAsync(await this.ActorAsync(), upload, HttpContext.RequestAborted);
                return Redirect($"/Admin/Workflows/Definitions?Published={Uri.EscapeDataString(done.DefinitionId)}&Version={done.Version}&Unchanged={done.Outcome != Runtime.Definitions.PublishOutcome.Published}");
            }
        }
        await LoadAsync();
        return Page();
    }

    /// <summary>The uploaded file, or null with a form error (none chosen, empty, too large, not UTF-8).</summary>
    private async Task<DefinitionAdministration.Upload?> ReadAsync()
    {
        if (Upload is null)
        {
            ModelState.AddModelError(nameof(Upload), text["WorkflowDefs.NoFile"]);
            return null;
        }
        try
        {
            await using var content = Upload.OpenReadStream();
            return await admin.ReadAsync(Upload.FileName, content, Upload.Length, HttpContext.RequestAborted);
        }
        catch (DomainException refusal) when (refusal.Kind == DomainErrorKind.Invalid)
        {
            ModelState.AddModelError(nameof(Upload), refusal.Localized());
            return null;
        }
    }

    private async Task LoadAsync() =>
        Definitions = (await queries.DefinitionsAsync(HttpContext.RequestAborted)).GroupBy(v => v.DefinitionId)
            .Select(g => (Latest: g.MaxBy(v => v.Version)!, Count: g.Count()))
            .Select(x => new Row(x.Latest.DefinitionId, x.Latest.Name, x.Latest.Version, x.Count, x.Latest.PublishedAt)).ToList();
}
