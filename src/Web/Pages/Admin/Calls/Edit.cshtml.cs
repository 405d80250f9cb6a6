using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Runtime;
using CallManager.Web.Resources;
using CallManager.Web.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Pages.Admin.Calls;

/// <summary>Creates and edits a call (a published call: only what may still change), with the form builder working without JavaScript; copies a call.</summary>
public sealed class EditModel(CallService calls, WorkflowQueries workflows, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }
    [BindProperty] public CallForm Input { get; set; } = new();
    public Call? Call { get; private set; }
    public List<string> Workflows { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }

    /// <summary>True when <paramref name="part"/> (a <see cref="CallInput"/> member) can no longer change.</summary>
    public bool Frozen(string part) => Call is not null && PublishedCallChanges.IsFrozen(Call, part, Now);

    /// <summary>True when the phase at <paramref name="instant"/> is reached and keeps its date.</summary>
    public bool Past(DateTimeOffset instant) => Call is not null && PublishedCallChanges.IsPast(Call, instant, Now);

    public async Task OnGetAsync()
    {
        await LoadAsync();
        Input = Call is null ? CallForm.NewDraft(CallClock.ToLocal(Now, CallClock.Zone("Europe/Paris"))) : CallForm.From(CallView.From(Call));
    }

    public async Task<IActionResult> OnPostAsync(string? op)
    {
        await LoadAsync();
        if (Call is { Status: CallStatus.Closed }) throw DomainException.Conflict("This call is closed; copy it to prepare a new one.");
        KeepFrozenRows();
        if (!string.IsNullOrEmpty(op))
        {
            ModelState.Clear();
            Input.Apply(op);
            return Page();
        }
        var input = Input.ToInput((field, line) => ModelState.AddModelError(field, text["CallEditor.LineInvalid", line]));
        if (!ModelState.IsValid) return Page();
        try
        {
            var actor = await this.ActorAsync();
            var saved = Call is null ? await calls.CreateAsync(input, actor)
                : await calls.UpdateAsync(Call.Id, PublishedCallChanges.KeepFrozen(Call, input, Now), actor);
            return Redirect($"/Admin/Calls/edit/{saved.Id}?done=saved");
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

    /// <summary>Disabled (frozen) parts are not posted: show them as stored.</summary>
    private void KeepFrozenRows()
    {
        if (Call is null || Call.Status == CallStatus.Draft) return;
        var stored = CallForm.From(CallView.From(Call));
        (Input.Code, Input.TimeZone, Input.Criteria, Input.Threshold, Input.TieBreakOrder) = (stored.Code, stored.TimeZone, stored.Criteria, stored.Threshold, stored.TieBreakOrder);
        (Input.Form, Input.CallWorkflowId, Input.ApplicationWorkflowId) = (stored.Form, stored.CallWorkflowId, stored.ApplicationWorkflowId);
        if (PublishedCallChanges.RulesFrozen(Call, Now)) Input.EligibilityRules = stored.EligibilityRules;
        var p = Input.Phases;
        if (Past(Call.OpensAt)) p.OpensAt = stored.Phases.OpensAt;
        if (Past(Call.SubmissionDeadline)) p.SubmissionDeadline = stored.Phases.SubmissionDeadline;
        if (Past(Call.ReviewDeadline)) p.ReviewDeadline = stored.Phases.ReviewDeadline;
        if (Past(Call.DeliberationAt)) p.DeliberationAt = stored.Phases.DeliberationAt;
        if (Past(Call.ResultsAt)) p.ResultsAt = stored.Phases.ResultsAt;
    }

    private async Task LoadAsync()
    {
        Now = clock.GetUtcNow();
        if (Id is { } id) Call = await calls.FindAsync(id, await this.ActorAsync());
        Workflows = (await workflows.DefinitionsAsync()).Select(d => d.DefinitionId).Distinct().ToList();
    }
}
