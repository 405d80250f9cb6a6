using CallManager.Domain.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

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

    /// <summary>Adds Identity errors under <paramref name="key"/>, once each: already in the request's language (<see cref="Hosting.LocalizedIdentityErrorDescriber"/>).</summary>
    public static void AddIdentityErrors(this ModelStateDictionary state, IdentityResult result, string key)
    {
        foreach (var message in result.Errors.Select(error => error.Description).Distinct()) state.AddModelError(key, message);
    }

    private static string Capitalize(string field) =>
        string.Join('.', field.Split('.').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}
