namespace CallManager.Workflow.Calls;

/// <summary>The kinds of eligibility rule a call can hold (all data, evaluated by <c>EligibilityService</c>).</summary>
public enum EligibilityRuleKind
{
    /// <summary>Answer <c>Field</c> must be present.</summary>
    RequiredField,
    /// <summary>Answer <c>Field</c> (or the lead organisation's "legalForm"/"region") must be one of <c>Values</c>.</summary>
    ValueInList,
    /// <summary>At least <c>Count</c> partner organisations, of which <c>SocialEconomyCount</c> from the social and solidarity economy.</summary>
    MinimumPartners,
    /// <summary>Amount answer <c>Field</c> must not exceed the call's maximum grant.</summary>
    AmountAtMostMaxGrant,
    /// <summary>The lead organisation must not have been funded by an earlier call (selected in a call listed in <c>Values</c>, or any if empty).</summary>
    NotAlreadyFunded,
}

/// <summary>One eligibility rule with the plain-word explanation shown when it fails.</summary>
public sealed record EligibilityRule(
    string Key,
    EligibilityRuleKind Kind,
    string? Field = null,
    List<string>? Values = null,
    int Count = 0,
    int SocialEconomyCount = 0,
    string? MessageFr = null,
    string? MessageEn = null);
