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

    /// <summary>What keeps <paramref name="members"/> from forming a PTCE under <paramref name="rule"/> (empty: the rule is met).</summary>
    public static List<BilingualText> Problems(EligibilityRule rule, Call call, List<ApplicationMember> members, bool hasEssDocument, Territories.Territories territories)
    {
        var problems = new List<BilingualText>();
        var document = call.Form.Field(rule.Field ?? "") is { } field ? new BilingualText(field.LabelFr, field.LabelEn) : new(rule.Field ?? "", rule.Field ?? "");
        var ess = 0;
        var other = 0;
        foreach (var m in members.Where(m => m.Kind == MemberKind.Enterprise))
        {
            if (EssByLegalForm(m.LegalForm)) ess++;
            else if (m.EssBasis == EssBasis.None) other++;
            else if (hasEssDocument) ess++;
            else
            {
                other++;
                problems.Add(new($"{m.Name} ({m.LegalForm}) se déclare de l'ESS sans le justificatif « {document.French} »",
                    $"{m.Name} ({m.LegalForm}) claims ESS status without the document '{document.English}'"));
            }
        }
        if (ess == 0) problems.Add(new("aucune entreprise de l'ESS", "no ESS enterprise"));
        if (other == 0) problems.Add(new("aucune entreprise hors ESS", "no enterprise outside the ESS"));
        if (members.Count < rule.Count) problems.Add(new($"{members.Count} membres, au moins {rule.Count} attendus", $"{members.Count} members, at least {rule.Count} expected"));
        problems.AddRange(Territory(Perimeter(rule), members, territories));
        return problems;
    }

    private static IEnumerable<BilingualText> Territory(string perimeter, List<ApplicationMember> members, Territories.Territories territories)
    {
        var located = new List<(ApplicationMember Member, Commune Commune)>();
        foreach (var m in members)
        {
            if (territories.Commune(m.Commune) is { } commune) located.Add((m, commune));
            else if (string.IsNullOrWhiteSpace(m.Commune)) yield return new($"{m.Name}\u00a0: commune non renseignée", $"{m.Name}: no commune given");
            else yield return new($"{m.Name}\u00a0: code commune « {m.Commune} » inconnu", $"{m.Name}: unknown commune code '{m.Commune}'");
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
            yield return new($"{member.Name} ({place}) est {fr} ({leadPlace})", $"{member.Name} ({place}) is {en} ({leadPlace})");
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
