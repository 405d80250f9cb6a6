using System.Globalization;
using CallManager.Domain.Calls;
using CallManager.Domain.Common;

namespace CallManager.Domain.Submissions;

/// <summary>
/// Each eligibility rule stated as the condition a dossier must meet, generated from the rule's data in French and English,
/// naming form fields by their labels (the call page, the submit page, receipts, refusals and the instruction view).
/// </summary>
public static class EligibilityStatements
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The rule's own wording when the call gives one in both languages, else the condition generated from its data.</summary>
    public static BilingualText Statement(EligibilityRule rule, Call call)
    {
        if (!string.IsNullOrWhiteSpace(rule.MessageFr) && !string.IsNullOrWhiteSpace(rule.MessageEn)) return new(rule.MessageFr, rule.MessageEn);
        return rule.Kind switch
        {
            EligibilityRuleKind.RequiredField => RequiredField(Label(call, rule.Field)),
            EligibilityRuleKind.ValueInList => ValueInList(rule, call),
            EligibilityRuleKind.MinimumPartners => MinimumPartners(rule),
            EligibilityRuleKind.AmountAtMostMaxGrant => new(
                $"Le montant demandé ne dépasse pas {call.MaxGrant.ToString("N0", French)} €.",
                $"The requested amount is at most €{call.MaxGrant.ToString("N0", English)}."),
            EligibilityRuleKind.NotAlreadyFunded => NotAlreadyFunded(rule),
            EligibilityRuleKind.PtceMembers => PtceRule.Statement(rule, call),
            _ => new(rule.Key, rule.Key),
        };
    }

    /// <summary>The statement in <paramref name="language"/> ("fr" or "en").</summary>
    public static string Explain(EligibilityRule rule, Call call, string language) => Statement(rule, call).In(language);

    private static BilingualText ValueInList(EligibilityRule rule, Call call)
    {
        var values = string.Join(", ", rule.Values ?? []);
        return rule.Field switch
        {
            "legalForm" => new($"La forme juridique de la structure cheffe de file est l'une des suivantes : {values}.",
                $"The lead organisation's legal form is one of: {values}."),
            "region" => new($"La structure cheffe de file est située dans l'une des régions suivantes : {values}.",
                $"The lead organisation is located in one of these regions: {values}."),
            _ => AnswerInList(Label(call, rule.Field), values),
        };
    }

    private static BilingualText RequiredField(BilingualText f) =>
        new($"La réponse « {f.French} » est renseignée.", $"The answer '{f.English}' is given.");

    private static BilingualText AnswerInList(BilingualText f, string values) =>
        new($"La réponse « {f.French} » est l'une des valeurs suivantes : {values}.", $"The answer '{f.English}' is one of: {values}.");

    private static BilingualText MinimumPartners(EligibilityRule rule)
    {
        var (fr, en) = rule.Count == 1 ? ("Au moins 1 organisation partenaire", "At least 1 partner organisation")
            : ($"Au moins {rule.Count} organisations partenaires", $"At least {rule.Count} partner organisations");
        if (rule.SocialEconomyCount <= 0) return new($"{fr}.", $"{en}.");
        return new($"{fr}, dont au moins {rule.SocialEconomyCount} de l'économie sociale et solidaire.",
            $"{en}, of which at least {rule.SocialEconomyCount} from the social and solidarity economy.");
    }

    private static BilingualText NotAlreadyFunded(EligibilityRule rule)
    {
        if (rule.Values is not { Count: > 0 } calls)
            return new("La structure cheffe de file n'a été retenue par aucun appel précédent.", "The lead organisation was not selected in any earlier call.");
        var list = string.Join(", ", calls);
        return new($"La structure cheffe de file n'a pas été retenue par les appels {list}.", $"The lead organisation was not selected in the calls {list}.");
    }

    /// <summary>The form field's labels (the key itself when the form has no such field).</summary>
    private static BilingualText Label(Call call, string? key) =>
        call.Form.Field(key ?? "") is { } field ? new(field.LabelFr, field.LabelEn) : new(key ?? "", key ?? "");
}
