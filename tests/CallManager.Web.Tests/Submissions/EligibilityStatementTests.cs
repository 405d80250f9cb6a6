using System.Net;
using System.Net.Http.Json;
using CallManager.Web.Tests.Infrastructure;
using CallManager.Domain.Accounts;
using CallManager.Domain.Calls;
using CallManager.Domain.Persistence;
using static CallManager.Web.Tests.Submissions.SubmissionDriver;

namespace CallManager.Web.Tests.Submissions;

/// <summary>The public call page states every kind of eligibility rule as the condition to meet, from its data, with field labels, in French and English.</summary>
[Collection(WebCollection.Name)]
public class EligibilityStatementTests
{
    /// <summary>One rule of each kind, and what the page must say about it in French and in English.</summary>
    private static readonly (EligibilityRule Rule, string French, string English)[] Rules =
    [
        (new("summary", EligibilityRuleKind.RequiredField, "summary"), "La réponse « Résumé » est renseignée.", "The answer 'Summary' is given."),
        (new("territory", EligibilityRuleKind.ValueInList, "territory", ["Lot", "Aveyron"]),
            "La réponse « Territoire » est l'une des valeurs suivantes : Lot, Aveyron.", "The answer 'Territory' is one of: Lot, Aveyron."),
        (new("legal-form", EligibilityRuleKind.ValueInList, "legalForm", ["Association", "SCIC"]),
            "La forme juridique de la structure cheffe de file est l'une des suivantes : Association, SCIC.", "The lead organisation's legal form is one of: Association, SCIC."),
        (new("partners", EligibilityRuleKind.MinimumPartners, Count: 3, SocialEconomyCount: 1),
            "Au moins 3 organisations partenaires, dont au moins 1 de l'économie sociale et solidaire.",
            "At least 3 partner organisations, of which at least 1 from the social and solidarity economy."),
        (new("max-grant", EligibilityRuleKind.AmountAtMostMaxGrant, "requestedAmount"), "Le montant demandé ne dépasse pas 100 000 €.", "The requested amount is at most €100,000."),
        (new("not-funded", EligibilityRuleKind.NotAlreadyFunded), "La structure cheffe de file n'a été retenue par aucun appel précédent.",
            "The lead organisation was not selected in any earlier call."),
        (new("ptce", EligibilityRuleKind.PtceMembers, "essEvidence", ["region"]),
            "Les membres du pôle, chef de file compris, comptent au moins une entreprise de l'économie sociale et solidaire (ESS) et au moins une entreprise hors ESS, "
            + "et sont tous situés dans la même région ; collectivités, centres de recherche, organismes de formation et autres membres peuvent s'y joindre. "
            + "Associations, coopératives, mutuelles et fondations relèvent de l'ESS ; une société commerciale n'en relève qu'avec un agrément ESUS ou des statuts ESS "
            + "et le justificatif « Justificatif ESS d'une société commerciale (agrément ESUS ou statuts) ».",
            "The hub's members, lead included, include at least one social and solidarity economy (ESS) enterprise and at least one enterprise outside the ESS, "
            + "all located in the same région; local authorities, research centres, training bodies and other members may join. "
            + "Associations, cooperatives, mutual societies and foundations belong to the ESS; a commercial company does only with an ESUS approval or ESS statutes "
            + "and the document 'ESS evidence of a commercial company (ESUS approval or statutes)'."),
    ];

    [Fact]
    public void Every_rule_kind_has_an_expected_statement()
    {
        Assert.Equal(Enum.GetValues<EligibilityRuleKind>().Order(), Rules.Select(r => r.Rule.Kind).Distinct().Order());
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("en")]
    public async Task The_call_page_states_each_rule_as_a_positive_condition_with_field_labels(string language)
    {
        await using var app = new CallManagerApp(DatabaseProvider.Sqlite);
        var admin = await app.ClientAsAsync("admin@funder.example", Roles.Administrator);
        var created = await admin.PostAsJsonAsync("/api/calls", PtceCall.LawInput(Phases) with { EligibilityRules = [.. Rules.Select(r => r.Rule)] });
        await Expect(created, HttpStatusCode.Created);
        var id = (await Json(created))["id"]!.GetValue<Guid>();
        await Expect(await admin.PostAsync($"/api/calls/{id}/publish", null), HttpStatusCode.OK);

        var page = Spaces(WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/calls/{id}?culture={language}")));

        foreach (var (_, french, english) in Rules) Assert.Contains($"<li>{Spaces(language == "fr" ? french : english)}</li>", page);
        Assert.DoesNotContain("« summary »", page);
        Assert.DoesNotContain("'summary'", page);
        Assert.DoesNotContain(language == "fr" ? "déjà été financée" : "already funded", page);
    }

    /// <summary>French figures and punctuation carry no-break spaces: compared as ordinary ones.</summary>
    private static string Spaces(string text) => text.Replace('\u202f', ' ').Replace('\u00a0', ' ');
}
