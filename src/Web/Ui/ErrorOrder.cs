using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace CallManager.Web.Ui;

/// <summary>Orders a form's errors as its fields appear (declaration order of the bound properties), form-level errors first.</summary>
public static class ErrorOrder
{
    /// <summary>The (key, message) pairs of <paramref name="state"/> in the order of <paramref name="model"/>'s properties.</summary>
    public static IEnumerable<(string Key, string Message)> Ordered(ModelStateDictionary state, ModelMetadata model) =>
        state.Where(e => e.Value is { Errors.Count: > 0 })
            .OrderBy(e => Position(model, e.Key), Comparer<int[]>.Create(Compare))
            .SelectMany(e => e.Value!.Errors.Select(err => (e.Key, err.ErrorMessage)));

    private static int[] Position(ModelMetadata model, string key)
    {
        if (key.Length == 0) return [-1];
        var path = new List<int>();
        var current = model;
        foreach (var part in key.Split('.'))
        {
            var name = part.Split('[')[0];
            var properties = current.Properties.ToList();
            var index = properties.FindIndex(p => string.Equals(p.PropertyName, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0) { path.Add(int.MaxValue); break; }
            path.Add(index);
            current = properties[index].ElementMetadata ?? properties[index];
        }
        return [.. path];
    }

    private static int Compare(int[]? a, int[]? b)
    {
        for (var i = 0; i < Math.Min(a!.Length, b!.Length); i++)
        {
            if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        }
        return a.Length.CompareTo(b.Length);
    }
}
