using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using Microsoft.EntityFrameworkCore;

namespace CallManager.Domain.Submissions;

/// <summary>An administrator's derogation: the rule's key and why the dossier may go on without meeting it.</summary>
public sealed record DerogationInput(string? Rule, string? Reason);

/// <summary>A recorded derogation; <c>GrantedByName</c> is the administrator's display name when known.</summary>
public sealed record DerogationView(Guid Id, Guid ApplicationId, string Rule, string Reason, string GrantedBy, DateTimeOffset GrantedAt, string? GrantedByName = null)
{
    public static DerogationView From(EligibilityDerogation d) => new(d.Id, d.ApplicationId, d.Rule, d.Reason, d.GrantedBy, d.GrantedAt);
}

/// <summary>
/// One rule of the call for one dossier: its statement, whether the dossier meets it, why not (<c>Reason</c>, naming what fails,
/// in the reader's language) and the derogation if any.
/// </summary>
public sealed record RuleStandingView(string Rule, string Statement, bool Met, DerogationView? Derogation, string? Reason = null);

/// <summary>A dossier's eligibility rule by rule; <c>Cleared</c> when every failed rule has a derogation.</summary>
public sealed record EligibilityStandingView(Guid ApplicationId, string Reference, bool? Eligible, bool Cleared, List<RuleStandingView> Rules);

public sealed partial class EligibilityService
{
    /// <summary>
    /// Refuses (409) to let <paramref name="application"/> be <paramref name="step"/> while it fails a rule of
    /// <paramref name="call"/> that no derogation covers; the refusal names each rule and its condition.
    /// </summary>
    public async Task EnsureClearedAsync(Application application, Call call, LocalizableText step, CancellationToken ct = default)
    {
        var uncleared = await UnclearedRulesAsync(application, call, ct);
        if (uncleared.Count == 0) return;
        throw DomainException.Conflict($"{application.Reference} does not meet the eligibility rule(s) {Describe(call, uncleared)} and no derogation is recorded, " +
            $"so it cannot be {step}. An administrator may record a derogation for this dossier and rule, with a reason.");
    }

    /// <summary>The keys of the rules <paramref name="application"/> fails without a derogation.</summary>
    public async Task<List<string>> UnclearedRulesAsync(Application application, Call call, CancellationToken ct = default)
    {
        var failed = await FailedRulesAsync(application, call, ct);
        if (failed.Count == 0) return [];
        var derogated = await db.Set<EligibilityDerogation>().AsNoTracking().Where(d => d.ApplicationId == application.Id).Select(d => d.Rule).ToListAsync(ct);
        return failed.Except(derogated).ToList();
    }

    /// <summary>Per dossier of the call: the rules it fails without a derogation (dossiers clear of every rule are left out).</summary>
    public async Task<Dictionary<Guid, List<string>>> UnclearedForCallAsync(Call call, CancellationToken ct = default)
    {
        var failing = await db.Set<Application>().AsNoTracking().Where(a => a.CallId == call.Id && a.Eligible == false).ToListAsync(ct);
        var derogations = (await DerogationsForCallAsync(call.Id, ct)).ToLookup(d => d.ApplicationId, d => d.Rule);
        var result = new Dictionary<Guid, List<string>>();
        foreach (var application in failing)
        {
            var uncleared = (await FailedRulesAsync(application, call, ct)).Except(derogations[application.Id]).ToList();
            if (uncleared.Count > 0) result[application.Id] = uncleared;
        }
        return result;
    }

    /// <summary>The derogations recorded on the call's dossiers, oldest first.</summary>
    public async Task<List<DerogationView>> DerogationsForCallAsync(Guid callId, CancellationToken ct = default) =>
        (await db.Set<EligibilityDerogation>().AsNoTracking().Where(d => d.CallId == callId).ToListAsync(ct))
            .OrderBy(d => d.GrantedAt).Select(DerogationView.From).ToList();

    /// <summary>Records (administrators) that a dossier may go on although it fails <c>Rule</c>, with the reason; audited.</summary>
    public async Task<DerogationView> GrantDerogationAsync(Guid applicationId, DerogationInput input, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators record derogations to eligibility rules.");
        var application = await db.Set<Application>().FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw DomainException.NotFound("The dossier");
        if (application.Status is ApplicationStatus.Draft or ApplicationStatus.Withdrawn)
            throw DomainException.Conflict($"{application.Reference} is {application.Status}: derogations are recorded on submitted dossiers.");
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == application.CallId, ct);
        var rule = call.EligibilityRules.FirstOrDefault(r => r.Key == input.Rule?.Trim())
            ?? throw DomainException.Invalid($"'{input.Rule}' is not an eligibility rule of this call; its rules are: {string.Join(", ", call.EligibilityRules.Select(r => r.Key))}.",
                new Dictionary<string, LocalizableText[]> { ["rule"] = ["Choose one of the call's eligibility rules."] });
        if (string.IsNullOrWhiteSpace(input.Reason))
            throw DomainException.Invalid("Give the reason for the derogation: it is kept in the audit log and shown with the decision.",
                new Dictionary<string, LocalizableText[]> { ["reason"] = ["The reason is required."] });
        if (!(await FailedRulesAsync(application, call, ct)).Contains(rule.Key))
            throw DomainException.Conflict($"{application.Reference} meets the rule '{rule.Key}': no derogation is needed.");
        if (await db.Set<EligibilityDerogation>().AnyAsync(d => d.ApplicationId == applicationId && d.Rule == rule.Key, ct))
            throw DomainException.Conflict($"A derogation to the rule '{rule.Key}' is already recorded for {application.Reference}.");
        var derogation = new EligibilityDerogation
        {
            CallId = call.Id, ApplicationId = application.Id, Rule = rule.Key, Reason = input.Reason.Trim(), GrantedBy = actor.UserId, GrantedAt = clock.GetUtcNow(),
        };
        db.Add(derogation);
        await audit.AppendAsync(actor, nameof(EligibilityDerogation), derogation.Id, call.Id, "eligibility.derogation-granted", null,
            new { application.Reference, derogation.Rule, derogation.Reason }, ct);
        await db.SaveChangesAsync(ct);
        return DerogationView.From(derogation);
    }

    /// <summary>The dossier's eligibility rule by rule, statements and reasons in <paramref name="actor"/>'s language (administrators).</summary>
    public async Task<EligibilityStandingView> StandingAsync(Guid applicationId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators see a dossier's eligibility rule by rule.");
        var application = await db.Set<Application>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw DomainException.NotFound("The dossier");
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == application.CallId, ct);
        var failed = application.Eligible is null ? [] : await FailedRulesAsync(application, call, ct);
        var reasons = failed.Count == 0 ? [] : await ReasonsAsync(application, call, failed, actor.Language, ct);
        var derogations = await db.Set<EligibilityDerogation>().AsNoTracking().Where(d => d.ApplicationId == applicationId).ToListAsync(ct);
        var names = await NamesAsync(derogations.Select(d => d.GrantedBy), ct);
        var byRule = derogations.ToDictionary(d => d.Rule, d => DerogationView.From(d) with { GrantedByName = names.GetValueOrDefault(d.GrantedBy) });
        var rules = call.EligibilityRules.Select(r => new RuleStandingView(r.Key, Explain(r, call, actor.Language), !failed.Contains(r.Key),
            byRule.GetValueOrDefault(r.Key), reasons.GetValueOrDefault(r.Key))).ToList();
        return new(application.Id, application.Reference, application.Eligible, failed.All(byRule.ContainsKey), rules);
    }

    /// <summary>
    /// Why each of the <paramref name="failed"/> rules is not met, in <paramref name="language"/>: judged again on the members'
    /// snapshot for the wording, else the French reason kept at the evaluation.
    /// </summary>
    private async Task<Dictionary<string, string>> ReasonsAsync(Application application, Call call, List<string> failed, string language, CancellationToken ct)
    {
        var now = (await EvaluateAsync(call, application, language, ct)).Failures.ToDictionary(f => f.Rule, f => f.Reason);
        return failed.Select((rule, i) => (rule, reason: now.GetValueOrDefault(rule) ?? application.EligibilityReasons.ElementAtOrDefault(i)))
            .Where(r => r.reason is not null).ToDictionary(r => r.rule, r => r.reason!);
    }

    /// <summary>Display names of the user ids (ids without an account are left out).</summary>
    private async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        return wanted.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, ct);
    }

    /// <summary>The dossier's members as judged (snapshot of the last submission), each with its place, ESS standing and problems.</summary>
    public async Task<List<MemberCheck>> MemberChecksAsync(Guid applicationId, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsAdministrator) throw DomainException.Forbidden("Only administrators see a dossier's eligibility rule by rule.");
        var application = await db.Set<Application>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw DomainException.NotFound("The dossier");
        var call = await db.Set<Call>().AsNoTracking().FirstAsync(c => c.Id == application.CallId, ct);
        var rule = call.EligibilityRules.FirstOrDefault(r => r.Kind == EligibilityRuleKind.PtceMembers);
        var members = await MembersAsync(application, ct: ct);
        return PtceRule.Checks(rule, call, members, await HasDocumentAsync(application, rule?.Field, ct), territories);
    }

    /// <summary>
    /// The rules the dossier failed at its last evaluation; a dossier found ineligible before rule keys were kept is evaluated
    /// again, so it cannot slip through as eligible.
    /// </summary>
    private async Task<List<string>> FailedRulesAsync(Application application, Call call, CancellationToken ct)
    {
        if (application.Eligible != false || application.FailedRules.Count > 0) return application.FailedRules;
        return (await EvaluateAsync(call, application, "fr", ct)).Failures.Select(f => f.Rule).ToList();
    }

    /// <summary>"'key' (condition)" for each rule, the condition in the reader's language.</summary>
    private static LocalizableText Describe(Call call, List<string> keys) => LocalizableText.Join(", ", keys.Select(key =>
    {
        var rule = call.EligibilityRules.FirstOrDefault(r => r.Key == key);
        var statement = rule is null ? new BilingualText(key, key) : EligibilityStatements.Statement(rule, call);
        return (LocalizableText)$"'{key}' ({new BilingualText(statement.French.TrimEnd('.'), statement.English.TrimEnd('.'))})";
    }));
}
