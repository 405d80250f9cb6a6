namespace CallManager.Domain.Calls;

/// <summary>A setting of an eligibility rule that only some kinds use.</summary>
public enum RuleSetting
{
    /// <summary>The answer (or file field) the rule reads.</summary>
    Field,
    /// <summary>The list the rule compares with: accepted values, earlier calls, or the PTCE perimeter.</summary>
    Values,
    /// <summary>The smallest number of partners or members.</summary>
    Count,
    /// <summary>How many of them must be from the social and solidarity economy.</summary>
    SocialEconomyCount,
}

/// <summary>Which settings each kind of eligibility rule uses, as <c>EligibilityService</c> judges them; the others are not kept.</summary>
public static class RuleSettings
{
    /// <summary>The settings a rule of kind <paramref name="kind"/> reads.</summary>
    public static IReadOnlySet<RuleSetting> For(EligibilityRuleKind kind) => kind switch
    {
        EligibilityRuleKind.RequiredField or EligibilityRuleKind.AmountAtMostMaxGrant => new HashSet<RuleSetting> { RuleSetting.Field },
        EligibilityRuleKind.ValueInList => new HashSet<RuleSetting> { RuleSetting.Field, RuleSetting.Values },
        EligibilityRuleKind.MinimumPartners => new HashSet<RuleSetting> { RuleSetting.Count, RuleSetting.SocialEconomyCount },
        EligibilityRuleKind.NotAlreadyFunded => new HashSet<RuleSetting> { RuleSetting.Values },
        EligibilityRuleKind.PtceMembers => new HashSet<RuleSetting> { RuleSetting.Field, RuleSetting.Values, RuleSetting.Count },
        _ => new HashSet<RuleSetting>(),
    };

    /// <summary>The rule kinds that use <paramref name="setting"/>.</summary>
    public static IEnumerable<EligibilityRuleKind> Using(RuleSetting setting) => Enum.GetValues<EligibilityRuleKind>().Where(k => For(k).Contains(setting));

    /// <summary><paramref name="rule"/> without the settings its kind does not read, so a rule never carries values left from another kind.</summary>
    public static EligibilityRule Keep(EligibilityRule rule)
    {
        var uses = For(rule.Kind);
        return rule with
        {
            Field = uses.Contains(RuleSetting.Field) ? rule.Field : null,
            Values = uses.Contains(RuleSetting.Values) ? rule.Values : null,
            Count = uses.Contains(RuleSetting.Count) ? rule.Count : 0,
            SocialEconomyCount = uses.Contains(RuleSetting.SocialEconomyCount) ? rule.SocialEconomyCount : 0,
        };
    }
}
