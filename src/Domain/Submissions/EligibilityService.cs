using System.Text.Json.Nodes;
using CallManager.Domain.Audit;
using CallManager.Domain.Calls;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Submissions;

/// <summary>The outcome of a call's eligibility rules for one dossier: the failed rules in plain words (empty = eligible).</summary>
public sealed record EligibilityResult(bool Eligible, List<EligibilityFailure> Failures);

/// <summary>One failed rule and why, in the reader's language.</summary>
public sealed record EligibilityFailure(string Rule, string Reason);

/// <summary>
/// Evaluates a call's eligibility rules (data) against a dossier, its organisations and earlier calls, keeps the result on the
/// dossier, and makes it bind: derogations, and the check every later step runs (<c>EnsureClearedAsync</c>).
/// </summary>
public sealed partial class EligibilityService(CallManagerDbContext db, AuditLog audit, TimeProvider clock, Territories.Territories territories)
{
    /// <summary>Evaluates every rule of <paramref name="call"/> for <paramref name="application"/>; messages in <paramref name="language"/>.</summary>
    /// <remarks>
    /// Judged on the members' snapshot of the last submission, or with <paramref name="live"/> (or before any submission) on the
    /// lead's profile and the partners as entered now.
    /// </remarks>
    public async Task<EligibilityResult> EvaluateAsync(Call call, Application application, string language, CancellationToken ct = default, bool live = false) =>
        Render(call, await FailedRulesAsync(call, application, live, ct), language);

    /// <summary>The rules of <paramref name="call"/> that <paramref name="application"/> fails, with the PTCE rule's unmet points.</summary>
    private async Task<List<(EligibilityRule Rule, List<Common.BilingualText>? Problems)>> FailedRulesAsync(Call call, Application application, bool live, CancellationToken ct)
    {
        var members = await MembersAsync(application, live, ct);
        var lead = members[0];
        var partners = members.Skip(1).ToList();
        var failed = new List<(EligibilityRule, List<Common.BilingualText>?)>();
        foreach (var rule in call.EligibilityRules)
        {
            if (rule.Kind == EligibilityRuleKind.PtceMembers)
            {
                var problems = PtceRule.Problems(rule, call, members, await HasDocumentAsync(application, rule.Field, ct), territories);
                if (problems.Count > 0) failed.Add((rule, problems));
                continue;
            }
            var passed = rule.Kind switch
            {
                EligibilityRuleKind.RequiredField => Present(application.Answers, rule.Field),
                EligibilityRuleKind.ValueInList => (rule.Values ?? []).Contains(ValueOf(rule.Field, application.Answers, lead)),
                EligibilityRuleKind.MinimumPartners => partners.Count >= rule.Count && partners.Count(p => p.SocialEconomy) >= rule.SocialEconomyCount,
                EligibilityRuleKind.AmountAtMostMaxGrant => FormValidator.TryDecimal(application.Answers[rule.Field ?? "requestedAmount"], out var amount) && amount <= call.MaxGrant,
                EligibilityRuleKind.NotAlreadyFunded => !await AlreadyFundedAsync(call, lead.OrganisationId, rule.Values, ct),
                _ => true,
            };
            if (!passed) failed.Add((rule, null));
        }
        return failed;
    }

    private static EligibilityResult Render(Call call, List<(EligibilityRule Rule, List<Common.BilingualText>? Problems)> failed, string language)
    {
        var failures = failed.Select(f => new EligibilityFailure(f.Rule.Key,
            f.Problems is null ? Explain(f.Rule, call, language) : PtceReason(f.Rule, call, language, f.Problems))).ToList();
        return new(failures.Count == 0, failures);
    }

    /// <summary>
    /// Evaluates and keeps the result on the dossier: eligibility, the failed rules' keys and their statements in French.
    /// Returns the result in <paramref name="language"/> (the rules are judged once, whatever the language).
    /// </summary>
    public async Task<EligibilityResult> RecordAsync(Call call, Application application, CancellationToken ct = default, string language = "fr")
    {
        var failed = await FailedRulesAsync(call, application, live: false, ct);
        var result = Render(call, failed, "fr");
        application.Eligible = result.Eligible;
        application.EligibilityReasons = result.Failures.Select(f => f.Reason).ToList();
        application.FailedRules = result.Failures.Select(f => f.Rule).ToList();
        return language == "fr" ? result : Render(call, failed, language);
    }

    /// <summary>The rule's statement followed by what is not met, in <paramref name="language"/>.</summary>
    private static string PtceReason(EligibilityRule rule, Call call, string language, List<Common.BilingualText> problems) => language == "en"
        ? $"{Explain(rule, call, language)} Not met: {string.Join("; ", problems.Select(p => p.English))}."
        : $"{Explain(rule, call, language)} Non rempli\u00a0: {string.Join("\u00a0; ", problems.Select(p => p.French))}.";

    private async Task<bool> HasDocumentAsync(Application application, string? field, CancellationToken ct) =>
        field is not null && (application.Attachments.Any(a => a.FieldKey == field)
            || await db.Set<Attachment>().AnyAsync(a => a.ApplicationId == application.Id && a.FieldKey == field, ct));

    private static bool Present(JsonObject answers, string? field) =>
        field is not null && answers[field] is { } v && !(v is JsonValue s && s.TryGetValue<string>(out var text) && string.IsNullOrWhiteSpace(text));

    private static string ValueOf(string? field, JsonObject answers, ApplicationMember lead) => field switch
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

    /// <summary>The rule as the condition a dossier must meet, in <paramref name="language"/> (see <see cref="EligibilityStatements"/>).</summary>
    public static string Explain(EligibilityRule rule, Call call, string language) => EligibilityStatements.Explain(rule, call, language);
}
