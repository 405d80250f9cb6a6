namespace CallManager.Domain.Organisations;

/// <summary>What kind of body an organisation is in a PTCE (law of 31 July 2014, art. 9): an enterprise, or one of the optional members.</summary>
public enum MemberKind
{
    /// <summary>An enterprise (of the social and solidarity economy or not).</summary>
    Enterprise,
    LocalAuthority,
    ResearchCentre,
    TrainingBody,
    Other,
}

/// <summary>On what ground a commercial company claims to belong to the social and solidarity economy (none for the other legal forms).</summary>
public enum EssBasis
{
    None,
    /// <summary>Approval "entreprise solidaire d'utilité sociale" (ESUS).</summary>
    EsusApproval,
    /// <summary>Statutes meeting the conditions of article 1 of the ESS law.</summary>
    EssStatutes,
}
