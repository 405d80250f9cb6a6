using CallManager.Domain.Common;
using CallManager.Runtime;
using CallManager.Runtime.Definitions;
using CallManager.Runtime.Instances;
using CallManager.Web.Hosting;
using CallManager.Web.Resources;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Pages.Admin.Workflows;

/// <summary>
/// One definition: its versions with their instances counted by status (each count lists those instances), a comparison
/// of two versions, and the migration of suspended instances from one version to another (dry run first).
/// </summary>
public sealed class DefinitionModel(DefinitionAdministration admin, WorkflowQueries queries, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";

    /// <summary>The versions compared (query string of the compare form).</summary>
    [BindProperty(SupportsGet = true)] public int? From { get; set; }
    [BindProperty(SupportsGet = true)] public int? To { get; set; }

    /// <summary>The instances listed: of this version, in this status.</summary>
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }
    [BindProperty(SupportsGet = true)] public WorkflowStatus? Status { get; set; }

    /// <summary>The migration form's versions.</summary>
    [BindProperty] public int? MigrateFrom { get; set; }
    [BindProperty] public int? MigrateTo { get; set; }

    public IReadOnlyList<WorkflowQueries.VersionSummary> Versions { get; private set; } = [];
    public DefinitionDiff? Diff { get; private set; }
    public IReadOnlyList<WorkflowQueries.InstanceView> Instances { get; private set; } = [];
    public DefinitionMigration.Plan? Plan { get; private set; }
    public DefinitionMigration.Result? Result { get; private set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
        if (From is { } from && To is { } to)
        {
            try
            {
                Diff = await admin.CompareAsync(Id, from, to, HttpContext.RequestAborted);
            }
            catch (DomainException refusal) when (refusal.Kind == DomainErrorKind.NotFound)
            {
                ModelState.AddModelError(nameof(To), refusal.Localized());
            }
        }
    }

    /// <summary>The dry run: which instances would move, and why the others cannot. Changes nothing.</summary>
    public Task<IActionResult> OnPostDryRunAsync() => MigrationAsync(async request => Plan = await admin.PlanAsync(request, HttpContext.RequestAborted));

    /// <summary>Moves the movable instances (each audited in its own unit of work) and shows what happened to each.</summary>
    public Task<IActionResult> OnPostMigrateAsync() =>
        MigrationAsync(async request => Result = await admin.MigrateAsync(await this.ActorAsync(), request, HttpContext.RequestAborted));

    private async Task<IActionResult> MigrationAsync(Func<DefinitionMigration.Request, Task> action)
    {
        if (MigrateFrom is null) ModelState.AddModelError(nameof(MigrateFrom), text["WorkflowDefs.ChooseVersion"]);
        if (MigrateTo is null) ModelState.AddModelError(nameof(MigrateTo), text["WorkflowDefs.ChooseVersion"]);
        if (ModelState.IsValid)
        {
            try
            {
                await action(new DefinitionMigration.Request(Id, MigrateFrom!.Value, MigrateTo!.Value));
            }
            catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.NotFound or DomainErrorKind.Conflict)
            {
                ModelState.AddModelError(nameof(MigrateTo), refusal.Localized());
            }
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Versions = await admin.VersionsAsync(Id, HttpContext.RequestAborted); // an unknown definition is a 404
        if (Version is not null)
            Instances = await queries.InstancesAsync(new(Id, Status, Take: 200, Version: Version), HttpContext.RequestAborted);
    }
}
