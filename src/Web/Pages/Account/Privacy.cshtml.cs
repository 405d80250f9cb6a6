using System.ComponentModel.DataAnnotations;
using CallManager.Web.Api;
using CallManager.Web.Resources;
using CallManager.Web.Ui;
using CallManager.Domain.Accounts;
using CallManager.Domain.Common;
using CallManager.Domain.Privacy;
using CallManager.Domain.Privacy.Exports;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Pages.Account;

/// <summary>
/// The signed-in person's own data: ask for an export of everything held about them (built in the background, its link
/// mailed), download it, or ask for their erasure after reading what is kept and why.
/// </summary>
[Authorize]
public sealed class PrivacyModel(PersonalExportService exports, ErasureService erasure, SignInManager<AppUser> signIn, IStringLocalizer<UiText> text) : PageModel
{
    public IReadOnlyList<PersonalExport> Exports { get; private set; } = [];

    /// <summary>Ticked by the person to confirm they understand the erasure cannot be undone.</summary>
    [BindProperty, Display(Name = "Privacy.Erase.Confirm")] public bool ConfirmErasure { get; set; }

    [TempData] public bool ExportRequested { get; set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostExportAsync()
    {
        var actor = await this.ActorAsync();
        try
        {
            await exports.RequestAsync(actor.UserId, actor, PrivacyApi.LinkBase(HttpContext), HttpContext.RequestAborted);
            ExportRequested = true;
            return RedirectToPage();
        }
        catch (DomainException refusal) { ModelState.AddDomainErrors(refusal); }
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnGetDownloadAsync(Guid id)
    {
        try
        {
            var (export, content) = await exports.OpenAsync(id, await this.ActorAsync(), HttpContext.RequestAborted);
            Response.Headers["X-Content-SHA256"] = export.Sha256;
            return File(content.Content, "application/zip", content.Info.FileName);
        }
        catch (DomainException refusal) { ModelState.AddDomainErrors(refusal); }
        Response.StatusCode = StatusCodes.Status404NotFound;
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostEraseAsync()
    {
        if (!ConfirmErasure) ModelState.AddModelError(nameof(ConfirmErasure), text["Privacy.Erase.ConfirmRequired"]);
        else
        {
            var actor = await this.ActorAsync();
            try
            {
                await erasure.EraseAsync(actor.UserId, actor, HttpContext.RequestAborted);
                await signIn.SignOutAsync();
                return LocalRedirect("/Privacy?erased=true");
            }
            catch (DomainException refusal) { ModelState.AddDomainErrors(refusal); }
        }
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var actor = await this.ActorAsync();
        Exports = await exports.ForPersonAsync(actor.UserId, actor, HttpContext.RequestAborted);
    }
}
