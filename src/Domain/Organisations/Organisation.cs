using CallManager.Domain.Common;

namespace CallManager.Domain.Organisations;

/// <summary>A legal entity that applies (lead) or partners in a dossier; identified by its SIREN number.</summary>
public class Organisation : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public string Name { get; set; } = "";

    /// <summary>Nine-digit SIREN number, valid by its Luhn key.</summary>
    public string Siren { get; set; } = "";

    /// <summary>Legal form, e.g. "Association", "SCIC", "SCOP", "SAS", "Collectivité".</summary>
    public string LegalForm { get; set; } = "";

    /// <summary>Belongs to the social and solidarity economy (ESS).</summary>
    public bool SocialEconomy { get; set; }
    public string Region { get; set; } = "";

    /// <summary>Official INSEE code of the organisation's commune, when given.</summary>
    public string? Commune { get; set; }
    public MemberKind Kind { get; set; }
    public EssBasis EssBasis { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public long Version { get; set; }
}

/// <summary>An applicant account acting for an organisation (several applicants may act for one organisation).</summary>
public class OrganisationMember
{
    public Guid OrganisationId { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset JoinedAt { get; set; }
}
