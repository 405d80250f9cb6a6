using System.Text.Json.Nodes;
using CallManager.Workflow.Calls;
using CallManager.Workflow.Organisations;
using CallManager.Workflow.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Workflow.Submissions;

/// <summary>The outcome of a call's eligibility rules for one dossier: the failed rules in plain words (empty = eligible).</summary>
public sealed record EligibilityResult(bool Eligible, List<EligibilityFailure> Failures);

/// <summary>One failed rule and why, in the reader's language.</summary>
public sealed record EligibilityFailure(string Rule, string Reason);

/// <summary>Evaluates a call's eligibility rules (data) against a dossier, its organisations and earlier calls.</summary>
public sealed class EligibilityService(CallManagerDbContext db)
{
    /// <summary>Evaluates every rule of <paramref name="call"/> for <paramref name="application"/>; messages in <paramref name="language"/>.</summary>
    public async Task<EligibilityResult> EvaluateAsync(Call call, Application application, string language, CancellationToken ct = default)
    {
        var lead = await db.Set<Organisation>().AsNoTracking().FirstAsync(o => o.Id == application.LeadOrganisationId, ct);
        var partnerIds = application.Partners.Select(p => p.OrganisationId).ToList();
        var partners = await db.Set<Organisation>().AsNoTracking().Where(o => partnerIds.Contains(o.Id)).ToListAsync(ct);
        var failures = new List<EligibilityFailure>();
        foreach (var rule in call.EligibilityRules)
        {
            var passed = rule.Kind switch
            {
                EligibilityRuleKind.RequiredField => Present(application.Answers, rule.Field),
                EligibilityRuleKind.ValueInList => (rule.Values ?? []).Contains(ValueOf(rule.Field, application.Answers, lead)),
                EligibilityRuleKind.MinimumPartners => partners.Count >= rule.Count && partners.Count(p => p.SocialEconomy) >= rule.SocialEconomyCount,
                EligibilityRuleKind.AmountAtMostMaxGrant => FormValidator.TryDecimal(application.Answers[rule.Field ?? "requestedAmount"], out var amount) && amount <= call.MaxGrant,
                EligibilityRuleKind.NotAlreadyFunded => !await AlreadyFundedAsync(call, lead.Id, rule.Values, ct),
                _ => true,
            };
            if (!passed) failures.Add(new(rule.Key, Explain(rule, call, language)));
        }
        return new(failures.Count == 0, failures);
    }

    private static bool Present(JsonObject answers, string? field) =>
        field is not null && answers[field] is { } v && !(v is JsonValue s && s.TryGetValue<string>(out var text) && string.IsNullOrWhiteSpace(text));

    private static string ValueOf(string? field, JsonObject answers, Organisation lead) => field switch
    {
        "legalForm" => lead.LegalForm,
        "region" => lead.Region,
        null => "",
        _ => answers[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : answers[field]?.ToJsonString() ?? "",
    };

    private Task<bool> AlreadyFundedAsync(Call call, Guid organisationId, List<string>? callCodes, CancellationToken ct)
    {
        var funded = db.Set<Application>().Where(a => a.CallId != call.Id && a.LeadOrganisationId == organisationId && a.Status == ApplicationStatus.Selected);
        if (callCodes is { Count: > 0 })
            funded = funded.Where(a => db.Set<Call>().Any(c => c.Id == a.CallId && callCodes.Contains(c.Code)));
        return funded.AnyAsync(ct);
    }

    /// <summary>The rule's own message in <paramref name="language"/>, or a plain default sentence.</summary>
    public static string Explain(EligibilityRule rule, Call call, string language)
    {
        var custom = language == "en" ? rule.MessageEn : rule.MessageFr;
        if (!string.IsNullOrWhiteSpace(custom)) return custom;
        var fr = language != "en";
        var values = string.Join(", ", rule.Values ?? []);
        return rule.Kind switch
        {
            EligibilityRuleKind.RequiredField => fr ? $"La réponse « {rule.Field} » est obligatoire." : $"The answer '{rule.Field}' is required.",
            EligibilityRuleKind.ValueInList => fr ? $"« {rule.Field} » doit être l'une des valeurs : {values}." : $"'{rule.Field}' must be one of: {values}.",
            EligibilityRuleKind.MinimumPartners => fr
                ? $"Il faut au moins {rule.Count} organisations partenaires, dont {rule.SocialEconomyCount} de l'économie sociale et solidaire."
                : $"At least {rule.Count} partner organisations are needed, {rule.SocialEconomyCount} of them from the social and solidarity economy.",
            EligibilityRuleKind.AmountAtMostMaxGrant => fr
                ? $"Le montant demandé ne doit pas dépasser {call.MaxGrant:N0} €." : $"The requested amount must not exceed €{call.MaxGrant:N0}.",
            EligibilityRuleKind.NotAlreadyFunded => fr
                ? "L'organisation cheffe de file a déjà été financée par un appel précédent." : "The lead organisation was already funded by an earlier call.",
            _ => rule.Key,
        };
    }
}
