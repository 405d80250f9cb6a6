namespace CallManager.Domain.Calls;

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
    /// <summary>
    /// The members, counted with the lead, form a PTCE (law of 31 July 2014, art. 9): at least one enterprise of the social and
    /// solidarity economy (ESS) and one outside it, optional members typed (local authority, research centre, training body, other),
    /// all within the perimeter <c>Values[0]</c> ("epci", "departement" or "region") compared from their communes' INSEE codes, at
    /// least <c>Count</c> members. ESS status comes from the legal form; a commercial company counts as ESS only with a declared
    /// basis (ESUS approval or ESS statutes) and a document in file field <c>Field</c>.
    /// </summary>
    PtceMembers,
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
