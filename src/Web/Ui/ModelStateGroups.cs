using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CallManager.Web.Ui;

/// <summary>Errors that belong to a group of fields (a grid, a list) rather than to one control.</summary>
public static class ModelStateGroups
{
    /// <summary>The messages filed under exactly <paramref name="key"/>.</summary>
    public static IEnumerable<string> ErrorsFor(this ModelStateDictionary state, string key) =>
        state.TryGetValue(key, out var entry) ? entry.Errors.Select(e => e.ErrorMessage) : [];
}
