using CallManager.Domain.Calls;
using CallManager.Domain.Common;
using CallManager.Domain.Organisations;
using CallManager.Domain.Territories;

namespace CallManager.Domain.Submissions;

/// <summary>
/// The PTCE rule (<see cref="EligibilityRuleKind.PtceMembers"/>) as the law of 31 July 2014 (art. 9) writes it: judged on the
/// dossier's members, lead included; every problem is named (which member, which commune), in French and English.
/// </summary>
public static class PtceRule
{
    /// <summary>Legal forms that belong to the ESS by law: associations, cooperatives, mutual societies, foundations.</summary>
    private static readonly string[] EssForms = ["association", "coopérative", "cooperative", "scic", "scop", "mutuelle", "mutual", "fondation", "foundation"];

    /// <summary>True when <paramref name="legalForm"/> makes an organisation part of the ESS by law.</summary>
    public static bool EssByLegalForm(string legalForm) => EssForms.Any(f => legalForm.Contains(f, StringComparison.OrdinalIgnoreCase));

    /// <summary>The perimeter the rule names ("departement" when it names none).</summary>
    public static string Perimeter(EligibilityRule rule) => rule.Values is [{ } first, ..] ? first.Trim().ToLowerInvariant() : "departement";

    /// <summary>Whether <paramref name="member"/> counts as an enterprise of the ESS, and on what ground.</summary>
    public static EssStanding Ess(ApplicationMember member, bool hasEssDocument) =>
        member.Kind != MemberKind.Enterprise ? EssStanding.NotAnEnterprise
        : EssByLegalForm(member.LegalForm) ? EssStanding.ByLegalForm
        : member.EssBasis == EssBasis.None ? EssStanding.OutsideEss
        : hasEssDocument ? EssStanding.ByDeclaredBasis : EssStanding.ClaimWithoutDocument;

    /// <summary>What keeps <paramref name="members"/> from forming a PTCE under <paramref name="rule"/> (empty: the rule is met).</summary>
    public static List<BilingualText> Problems(EligibilityRule rule, Call call, List<ApplicationMember> members, bool hasEssDocument, Territories.Territories territories)
    {
        var problems = new List<BilingualText>();
        var ess = 0;
        var other = 0;
        foreach (var m in members.Where(m => m.Kind == MemberKind.Enterprise))
        {
            var standing = Ess(m, hasEssDocument);
            if (standing is EssStanding.ByLegalForm or EssStanding.ByDeclaredBasis) ess++;
            else other++;
            if (standing == EssStanding.ClaimWithoutDocument) problems.Add(ClaimWithoutDocument(rule, call, m));
        }
        if (ess == 0) problems.Add(new("aucune entreprise de l'ESS", "no ESS enterprise"));
        if (other == 0) problems.Add(new("aucune entreprise hors ESS", "no enterprise outside the ESS"));
        if (members.Count < rule.Count) problems.Add(new($"{members.Count} membres, au moins {rule.Count} attendus", $"{members.Count} members, at least {rule.Count} expected"));
        problems.AddRange(Territory(Perimeter(rule), members, territories).Select(p => p.Problem));
        return problems;
    }

    /// <summary>
    /// Each member as the instruction view shows it: where it is, its ESS standing, and what <paramref name="rule"/> (when the call
    /// has a PTCE rule) finds wrong with it, naming the member.
    /// </summary>
    public static List<MemberCheck> Checks(EligibilityRule? rule, Call call, List<ApplicationMember> members, bool hasEssDocument, Territories.Territories territories)
    {
        var territory = rule is null ? [] : Territory(Perimeter(rule), members, territories).ToList();
        return members.Select(m =>
        {
            var commune = territories.Commune(m.Commune);
            var departement = commune is null ? null : territories.Departement(commune.Departement);
            var place = commune is null ? null : $"{commune.Name} ({commune.Code}), {departement?.Name ?? commune.Departement}, {(departement is null ? "" : territories.RegionName(departement.Region))}";
            var standing = Ess(m, hasEssDocument);
            var problems = territory.Where(t => t.Member.Position == m.Position).Select(t => t.Problem).ToList();
            if (rule is not null && standing == EssStanding.ClaimWithoutDocument) problems.Insert(0, ClaimWithoutDocument(rule, call, m));
            return new MemberCheck(m, place, standing, problems);
        }).ToList();
    }

    private static BilingualText ClaimWithoutDocument(EligibilityRule rule, Call call, ApplicationMember m)
    {
        var document = call.Form.Field(rule.Field ?? "") is { } field ? new BilingualText(field.LabelFr, field.LabelEn) : new(rule.Field ?? "", rule.Field ?? "");
        return new($"{m.Name} ({m.LegalForm}) se déclare de l'ESS sans le justificatif « {document.French} »",
            $"{m.Name} ({m.LegalForm}) claims ESS status without the document '{document.English}'");
    }

    private static IEnumerable<(ApplicationMember Member, BilingualText Problem)> Territory(string perimeter, List<ApplicationMember> members, Territories.Territories territories)
    {
        var located = new List<(ApplicationMember Member, Commune Commune)>();
        foreach (var m in members)
        {
            if (territories.Commune(m.Commune) is { } commune) located.Add((m, commune));
            else if (string.IsNullOrWhiteSpace(m.Commune)) yield return (m, new($"{m.Name}\u00a0: commune non renseignée", $"{m.Name}: no commune given"));
            else yield return (m, new($"{m.Name}\u00a0: code commune « {m.Commune} » inconnu", $"{m.Name}: unknown commune code '{m.Commune}'"));
        }
        if (located.Count == 0 || located[0].Member.Position != 0) yield break;
        var lead = located[0].Commune;
        foreach (var (member, commune) in located.Skip(1))
        {
            var place = $"{commune.Name}, {territories.Departement(commune.Departement)?.Name ?? commune.Departement}";
            var leadPlace = $"{lead.Name}, {territories.Departement(lead.Departement)?.Name ?? lead.Departement}";
            var outside = perimeter switch
            {
                "epci" => commune.Epci is null || commune.Epci != lead.Epci,
                "region" => territories.Departement(commune.Departement)?.Region != territories.Departement(lead.Departement)?.Region,
                _ => commune.Departement != lead.Departement,
            };
            if (!outside) continue;
            var (fr, en) = perimeter switch
            {
                "epci" => ("hors de l'intercommunalité (EPCI) du chef de file", "outside the lead's EPCI"),
                "region" => ("hors de la région du chef de file", "outside the lead's région"),
                _ => ("hors du département du chef de file", "outside the lead's département"),
            };
            yield return (member, new($"{member.Name} ({place}) est {fr} ({leadPlace})", $"{member.Name} ({place}) is {en} ({leadPlace})"));
        }
    }

    /// <summary>The rule stated as the condition to meet, in French and English.</summary>
    public static BilingualText Statement(EligibilityRule rule, Call call)
    {
        var (fr, en) = Perimeter(rule) switch
        {
            "epci" => ("la même intercommunalité (EPCI)", "the same EPCI (intercommunality)"),
            "region" => ("la même région", "the same région"),
            _ => ("le même département", "the same département"),
        };
        var document = call.Form.Field(rule.Field ?? "") is { } field ? (field.LabelFr, field.LabelEn) : (rule.Field ?? "", rule.Field ?? "");
        var count = rule.Count > 0 ? ($" au nombre d'au moins {rule.Count}", $", at least {rule.Count} of them") : ("", "");
        return new(
            $"Les membres du pôle, chef de file compris{count.Item1}, comptent au moins une entreprise de l'économie sociale et solidaire (ESS) et au moins une entreprise hors ESS, " +
            $"et sont tous situés dans {fr}\u00a0; collectivités, centres de recherche, organismes de formation et autres membres peuvent s'y joindre. " +
            $"Associations, coopératives, mutuelles et fondations relèvent de l'ESS\u00a0; une société commerciale n'en relève qu'avec un agrément ESUS ou des statuts ESS et le justificatif « {document.Item1} ».",
            $"The hub's members, lead included{count.Item2}, include at least one social and solidarity economy (ESS) enterprise and at least one enterprise outside the ESS, " +
            $"all located in {en}; local authorities, research centres, training bodies and other members may join. " +
            $"Associations, cooperatives, mutual societies and foundations belong to the ESS; a commercial company does only with an ESUS approval or ESS statutes and the document '{document.Item2}'.");
    }
}

/// <summary>How a member stands towards the social and solidarity economy (ESS) under the PTCE rule.</summary>
public enum EssStanding
{
    /// <summary>A local authority, research centre, training body or other member: not counted among the enterprises.</summary>
    NotAnEnterprise,
    /// <summary>An association, cooperative, mutual society or foundation: ESS by law.</summary>
    ByLegalForm,
    /// <summary>A commercial company with a declared ESUS approval or ESS statutes, and the document on file.</summary>
    ByDeclaredBasis,
    /// <summary>A commercial company declaring an ESS basis without the document: counted outside the ESS.</summary>
    ClaimWithoutDocument,
    /// <summary>An enterprise outside the ESS.</summary>
    OutsideEss,
}

/// <summary>One member of a dossier with where it is ("Cahors (46042), Lot, Occitanie"), its ESS standing and the PTCE rule's problems with it.</summary>
public sealed record MemberCheck(ApplicationMember Member, string? Place, EssStanding Ess, List<BilingualText> Problems);
