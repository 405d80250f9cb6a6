namespace CallManager.Domain.Calls;

/// <summary>
/// What may still change once a call is published: texts, money, phases not yet reached, late policy, review settings
/// and grant terms, and the eligibility rules until the submission deadline (the dossiers are then evaluated again). The code,
/// zone, criteria, ranking rules, form and workflows are frozen, because applicants already work against them and the
/// call's workflow is running; the eligibility rules are frozen from the deadline, once dossiers are judged against them.
/// </summary>
public static class PublishedCallChanges
{
    /// <summary>Parts of a published call that stay as they are (names of <see cref="CallInput"/> members).</summary>
    public static readonly IReadOnlySet<string> Frozen = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "code", "timeZone", "criteria", "threshold", "tieBreakOrder", "form", "callWorkflowId", "applicationWorkflowId",
    };

    /// <summary>The part that stays open after publication until the submission deadline.</summary>
    public const string EligibilityRules = "eligibilityRules";

    /// <summary>True when <paramref name="part"/> of <paramref name="call"/> can no longer change at <paramref name="now"/>.</summary>
    public static bool IsFrozen(Call call, string part, DateTimeOffset now) =>
        call.Status != CallStatus.Draft && (Frozen.Contains(part) || (part == EligibilityRules && RulesFrozen(call, now)));

    /// <summary>True when the eligibility rules of a published call can no longer change: the submission deadline is reached.</summary>
    public static bool RulesFrozen(Call call, DateTimeOffset now) => call.Status != CallStatus.Draft && now >= call.SubmissionDeadline;

    /// <summary>True when the phase at <paramref name="instant"/> has already been reached at <paramref name="now"/> (its date is then kept).</summary>
    public static bool IsPast(Call call, DateTimeOffset instant, DateTimeOffset now) => call.Status != CallStatus.Draft && instant <= now;

    /// <summary><paramref name="input"/> with the frozen parts and reached phases of <paramref name="call"/> put back (a draft is returned unchanged).</summary>
    public static CallInput KeepFrozen(Call call, CallInput input, DateTimeOffset now)
    {
        if (call.Status == CallStatus.Draft) return input;
        var stored = CallView.From(call);
        var p = input.Phases ?? stored.Phases;
        DateTime Keep(DateTimeOffset instant, DateTime local, DateTime typed) => IsPast(call, instant, now) ? local : typed;
        var phases = new CallPhasesInput(
            Keep(call.OpensAt, stored.Phases.OpensAt, p.OpensAt),
            Keep(call.SubmissionDeadline, stored.Phases.SubmissionDeadline, p.SubmissionDeadline),
            Keep(call.ReviewDeadline, stored.Phases.ReviewDeadline, p.ReviewDeadline),
            Keep(call.DeliberationAt, stored.Phases.DeliberationAt, p.DeliberationAt),
            Keep(call.ResultsAt, stored.Phases.ResultsAt, p.ResultsAt));
        return input with
        {
            Code = call.Code, TimeZone = call.TimeZone, Phases = phases, Criteria = call.Criteria, Threshold = call.Threshold,
            TieBreakOrder = call.TieBreakOrder, EligibilityRules = RulesFrozen(call, now) ? call.EligibilityRules : input.EligibilityRules, Form = call.Form,
            CallWorkflowId = call.CallWorkflowId, ApplicationWorkflowId = call.ApplicationWorkflowId,
        };
    }

    /// <summary>
    /// The frozen parts (and reached phases) that <paramref name="input"/> tries to change on <paramref name="call"/>; parts left
    /// out of the input (null) count as unchanged. Empty for a draft.
    /// </summary>
    public static List<string> ChangedFrozenParts(Call call, CallInput input, DateTimeOffset now)
    {
        var typed = System.Text.Json.JsonSerializer.SerializeToNode(input, Persistence.JsonColumn.Options)!.AsObject();
        var kept = System.Text.Json.JsonSerializer.SerializeToNode(KeepFrozen(call, input, now), Persistence.JsonColumn.Options)!.AsObject();
        var changed = new List<string>();
        foreach (var (name, value) in typed)
        {
            if (value is null || name == "phases" || System.Text.Json.Nodes.JsonNode.DeepEquals(value, kept[name])) continue;
            changed.Add(name);
        }
        if (input.Phases is { } phases) changed.AddRange(ChangedReachedPhases(call, phases, now));
        return changed;
    }

    /// <summary>
    /// The reached phases whose instant <paramref name="typed"/> changes, compared as instants: a date sent back in UTC or with
    /// an offset is the same phase as the local time the call stores.
    /// </summary>
    private static IEnumerable<string> ChangedReachedPhases(Call call, CallPhasesInput typed, DateTimeOffset now)
    {
        if (call.Status == CallStatus.Draft) yield break;
        var zone = CallClock.Zone(call.TimeZone);
        foreach (var (phase, stored, local) in new[]
        {
            ("opensAt", call.OpensAt, typed.OpensAt), ("submissionDeadline", call.SubmissionDeadline, typed.SubmissionDeadline),
            ("reviewDeadline", call.ReviewDeadline, typed.ReviewDeadline), ("deliberationAt", call.DeliberationAt, typed.DeliberationAt),
            ("resultsAt", call.ResultsAt, typed.ResultsAt),
        })
        {
            if (IsPast(call, stored, now) && CallClock.ToInstant(local, zone, $"phases.{phase}") != stored) yield return $"phases.{phase} (already reached)";
        }
    }
}
