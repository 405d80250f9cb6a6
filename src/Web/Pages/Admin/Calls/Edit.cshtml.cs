using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Runtime;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>
/// The call editor in steps (<see cref="CallEditorSteps"/>), each saved on its own through <see cref="CallService"/>; a new call
/// starts with its essentials and <see cref="CallDefaults"/> for the rest. Works without JavaScript; copies a call.
/// </summary>
public sealed class EditModel(CallService calls, WorkflowQueries workflows, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Step { get; set; }
    [BindProperty] public CallForm Input { get; set; } = new();
    public Call? Call { get; private set; }
    public List<string> Workflows { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    /// <summary>The step shown: essentials for a new call or an unknown step.</summary>
    public string Current => Call is not null && Step is { } s && CallEditorSteps.All.Contains(s) ? s : "essentials";

    /// <summary>True when <paramref name="part"/> (a <see cref="CallInput"/> member) can no longer change.</summary>
    public bool Frozen(string part) => Call is not null && PublishedCallChanges.IsFrozen(Call, part, Now);

    /// <summary>True when nothing of the current step can change any more (its save button is then not offered).</summary>
    public bool StepFrozen => Current switch
    {
        "criteria" => Frozen("criteria"),
        "form" => Frozen("form"),
        "eligibility" => Frozen("eligibilityRules"),
        _ => false,
    };

    /// <summary>True when the phase at <paramref name="instant"/> is reached and keeps its date.</summary>
    public bool Past(DateTimeOffset instant) => Call is not null && PublishedCallChanges.IsPast(Call, instant, Now);

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Input = Call is null ? new CallForm() : CallForm.From(CallView.From(Call));
    }

    public async Task<IActionResult> OnPostAsync(string? op)
    {
        await LoadAsync();
        if (Call is { Status: CallStatus.Closed }) throw DomainException.Conflict("This call is closed; copy it to prepare a new one.");
        if (!string.IsNullOrEmpty(op))
        {
            ModelState.Clear();
            Input.Apply(op);
            return Page();
        }
        if (!ModelState.IsValid) return Page();
        try
        {
            var actor = await this.ActorAsync();
            // A new call posts only its essentials: every other part starts from the defaults of the Calls stage.
            var essentials = Input.ToInput() with { Phases = null, Criteria = null, Form = null, Review = null, GrantTerms = null, EligibilityRules = null, TieBreakOrder = null };
            var saved = Call is null ? await calls.CreateAsync(CallDefaults.NewDraft(essentials, Now), actor)
                : await calls.UpdateAsync(Call.Id, PublishedCallChanges.KeepFrozen(Call, CallEditorSteps.Merge(Current, CallForm.From(CallView.From(Call)), Input).ToInput(), Now), actor);
            var next = Call is null ? "calendar" : Current;
            return Redirect($"/Admin/Calls/edit/{saved.Id}/{next}?done=saved");
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            ModelState.AddDomainErrors(refusal);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostCopyAsync()
    {
        var copy = await calls.CopyAsync(Id ?? Guid.Empty, await this.ActorAsync());
        return Redirect($"/Admin/Calls/edit/{copy.Id}?done=copied");
    }

    private async Task LoadAsync()
    {
        Now = clock.GetUtcNow();
        if (Id is { } id) Call = await calls.FindAsync(id, await this.ActorAsync());
        Workflows = (await workflows.DefinitionsAsync()).Select(d => d.DefinitionId).Distinct().ToList();
    }
}
