using CallManager.Workflow.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace CallManager.Web.Ui;

/// <summary>Puts refusals from the domain and from Identity into the form's model state, next to their fields.</summary>
public static class ModelStateExtensions
{
    /// <summary>Adds a domain refusal in the request's language: field errors under <paramref name="prefix"/>.Field, the message at form level.</summary>
    public static void AddDomainErrors(this ModelStateDictionary state, DomainException refusal, string prefix = "Input")
    {
        foreach (var (field, messages) in refusal.LocalizedErrors())
        {
            foreach (var message in messages) state.AddModelError($"{prefix}.{Capitalize(field)}", message);
        }
        if (refusal.Errors.Count == 0) state.AddModelError(string.Empty, refusal.Localized());
    }

    /// <summary>Adds Identity errors in the request's language ("Identity.{Code}" resources; Identity's English text otherwise).</summary>
    public static void AddIdentityErrors(this ModelStateDictionary state, IdentityResult result, IStringLocalizer text, string key)
    {
        var messages = result.Errors.Select(error => text["Identity." + error.Code] is { ResourceNotFound: false } localized ? localized.Value : error.Description);
        foreach (var message in messages.Distinct()) state.AddModelError(key, message);
    }

    private static string Capitalize(string field) =>
        string.Join('.', field.Split('.').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}
