using CallManager.Domain.Grants;
using CallManager.Domain.Selection.Decisions;

namespace CallManager.Domain.Selection.Applicants;

/// <summary>The words of a published decision, the same on the letter page and in the letter's PDF.</summary>
public static class DecisionWording
{
    /// <summary>The sentence that tells the applicant the outcome of <paramref name="decision"/>, in <paramref name="language"/>.</summary>
    public static string Outcome(PublishedDecision decision, string language)
    {
        var en = language == "en";
        return decision.Outcome switch
        {
            DecisionOutcome.Selected => en
                ? $"Your project is selected. A grant of {GrantMails.Money(decision.GrantedAmount ?? 0, language)} is awarded; the agreement will be offered in your \"My grants\" space."
                : $"Votre projet est retenu. Une subvention de {GrantMails.Money(decision.GrantedAmount ?? 0, language)} vous est accordée\u00a0; " +
                  "la convention vous sera proposée dans votre espace «\u00a0Mes subventions\u00a0».",
            DecisionOutcome.Reserve => en
                ? $"Your project is on the reserve list, at rank {decision.ReserveRank}. It may be funded if funds become available."
                : $"Votre projet est inscrit sur la liste complémentaire, au rang {decision.ReserveRank}. Il pourra être financé si des crédits se libèrent.",
            _ => en ? "Your project is not selected." : "Votre projet n'est pas retenu.",
        };
    }
}
