using CallManager.Web.Resources;
using CallManager.Web.Ui;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Pages.Applicant.Dossiers;

/// <summary>
/// The dossier editor, one form section per page: save (and autosave), upload and remove attachments. "Save and continue"
/// goes through the sections, then the partners, then the recap before submission.
/// </summary>
public sealed class EditModel(ApplicationService applications, CallService calls, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true)] public int Section { get; set; }
    public ApplicationView Dossier { get; private set; } = null!;
    public Call Call { get; private set; } = null!;
    public List<AnswerField> Fields { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    public FormSection Current => Call.Form.Sections[Section];
    public bool Editable => Dossier.Status is ApplicationStatus.Draft or ApplicationStatus.Submitted;

    public async Task OnGetAsync() => await LoadAsync(posted: false);

    public async Task<IActionResult> OnPostAsync(string? next)
    {
        if (await SaveAsync()) return Redirect(next is null ? $"{Here}?saved=1" : Section + 1 < Call.Form.Sections.Count ? $"/Applicant/Dossiers/{Id}/{Section + 1}" : $"/Applicant/Dossiers/{Id}/partners");
        await LoadAsync(posted: true);
        return Page();
    }

    /// <summary>Background save from site.js: 204 when saved, 422 with the field errors otherwise (the page keeps what was typed).</summary>
    public async Task<IActionResult> OnPostAutosaveAsync()
    {
        if (await SaveAsync()) return new JsonResult(new { saved = clock.GetUtcNow() });
        return new UnprocessableEntityObjectResult(ModelState.Where(e => e.Value!.Errors.Count > 0).ToDictionary(e => e.Key, e => e.Value!.Errors.Select(x => x.ErrorMessage)));
    }

    public async Task<IActionResult> OnPostUploadAsync(string field)
    {
        var saved = await SaveAsync();
        var file = Request.Form.Files[AnswerForm.NameOf(field)];
        if (file is null || file.Length == 0) ModelState.AddModelError(AnswerForm.NameOf(field), text["Answer.File.Missing"]);
        else
        {
            try
            {
                await using var stream = file.OpenReadStream();
                await applications.AddAttachmentAsync(Id, field, file.FileName, stream, await this.ActorAsync());
                if (saved) return Redirect($"{Here}?uploaded=1#a_{field}");
            }
            catch (UploadRefusal refusal)
            {
                ModelState.AddModelError(AnswerForm.NameOf(field), UploadMessage(refusal.Problem, file.FileName));
            }
            catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
            {
                ModelState.AddModelError(AnswerForm.NameOf(field), refusal.Localized());
            }
        }
        await LoadAsync(posted: true);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid attachmentId)
    {
        await SaveAsync();
        await applications.RemoveAttachmentAsync(Id, attachmentId, await this.ActorAsync());
        return Redirect(Here);
    }

    private string Here => $"/Applicant/Dossiers/{Id}/{Section}";

    private async Task<bool> SaveAsync()
    {
        var actor = await this.ActorAsync();
        await LoadCallAsync(actor);
        var (answers, unreadable) = AnswerForm.Read(Current.Fields, Request.Form);
        foreach (var key in unreadable.Keys) ModelState.AddModelError(AnswerForm.NameOf(key), text["Answer.Number.Invalid"]);
        try
        {
            await applications.SaveAnswersAsync(Id, new SaveAnswersInput(answers), actor);
        }
        catch (DomainException refusal) when (refusal.Kind is DomainErrorKind.Invalid or DomainErrorKind.Conflict)
        {
            if (refusal.Errors.Count == 0) ModelState.AddModelError("", refusal.Localized());
            foreach (var (key, messages) in refusal.LocalizedErrors())
                foreach (var message in messages) ModelState.AddModelError(AnswerForm.NameOf(key), message);
        }
        return ModelState.ErrorCount == 0;
    }

    /// <summary>Puts the errors in the order of the section's fields (form-level first), so the summary reads like the form.</summary>
    private void OrderErrorsAsTheForm()
    {
        var order = Current.Fields.Select(f => AnswerForm.NameOf(f.Key)).ToList();
        var errors = ModelState.Where(e => e.Value is { Errors.Count: > 0 })
            .Select(e => (e.Key, Messages: e.Value!.Errors.Select(x => x.ErrorMessage).ToList()))
            .OrderBy(e => e.Key.Length == 0 ? -1 : order.IndexOf(e.Key) is >= 0 and var i ? i : int.MaxValue).ToList();
        // What was typed is shown again from the posted form, not from the model state, so clearing it loses nothing.
        ModelState.Clear();
        foreach (var (key, messages) in errors)
            foreach (var message in messages) ModelState.AddModelError(key, message);
    }

    private async Task LoadCallAsync(Actor actor)
    {
        Dossier = await applications.GetAsync(Id, actor);
        Call = await calls.FindAsync(Dossier.CallId, actor);
        if (Section < 0 || Section >= Call.Form.Sections.Count) throw DomainException.NotFound("The section");
    }

    private async Task LoadAsync(bool posted)
    {
        await LoadCallAsync(await this.ActorAsync());
        if (posted) OrderErrorsAsTheForm();
        Now = clock.GetUtcNow();
        Fields = Current.Fields.Select(f =>
        {
            var name = AnswerForm.NameOf(f.Key);
            var errors = ModelState.TryGetValue(name, out var entry) ? entry.Errors.Select(e => e.ErrorMessage).ToList() : [];
            var value = posted && f.Type != FieldType.File ? Request.Form[name].ToString() : AnswerForm.Show(f, Dossier.Answers[f.Key]);
            var values = posted ? Request.Form[name].Select(v => v ?? "").ToList() : AnswerForm.ShowMany(Dossier.Answers[f.Key]);
            return new AnswerField(f, value, values, errors, Dossier.Attachments.Where(a => a.FieldKey == f.Key).ToList());
        }).ToList();
    }

    private string UploadMessage(UploadProblem problem, string fileName) => problem switch
    {
        UploadProblem.TooLarge => text["Answer.File.TooLarge", fileName],
        UploadProblem.Empty => text["Answer.File.Empty", fileName],
        _ => text["Answer.File.Refused", fileName],
    };
}
