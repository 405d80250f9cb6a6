using CallManager.Domain.Calls;
using CallManager.Domain.Submissions;

namespace CallManager.Domain.Reviews;

/// <summary>Hides the form fields marked <see cref="FormField.Personal"/> from a reviewer's (detached) copy of a dossier.</summary>
public static class Anonymiser
{
    /// <summary>Removes personal answers and personal file attachments; the title and amount copies follow their fields.</summary>
    public static void Redact(Application application, ApplicationForm form)
    {
        var personal = form.Fields.Where(f => f.Personal).Select(f => f.Key).ToHashSet();
        if (personal.Count == 0) return;
        foreach (var key in personal) application.Answers.Remove(key);
        application.Attachments.RemoveAll(a => personal.Contains(a.FieldKey));
        if (personal.Contains("title")) application.Title = "";
        if (personal.Contains("requestedAmount")) application.RequestedAmount = null;
    }
}
