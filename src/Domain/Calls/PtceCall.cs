namespace CallManager.Domain.Calls;

/// <summary>
/// The PTCE call (pôles territoriaux de coopération économique) as shipped seed data: the criteria of the PTCE practice,
/// the PTCE eligibility rule (at least 3 partners, one from the social and solidarity economy) and its dossier form.
/// </summary>
public static class PtceCall
{
    /// <summary>The PTCE call with the given phases (local times in Europe/Paris).</summary>
    public static CallInput Input(CallPhasesInput phases, string code = "PTCE-2027", decimal budget = 1_500_000m, decimal maxGrant = 100_000m, int graceMinutes = 0) => new(
        code,
        "Appel à projets PTCE 2027 — pôles territoriaux de coopération économique",
        "PTCE 2027 call — territorial economic cooperation hubs",
        "Soutien à l'émergence et au développement de pôles territoriaux de coopération économique associant des acteurs de l'ESS, des entreprises, des collectivités et des organismes de recherche.",
        "Support for the emergence and growth of territorial cooperation hubs bringing together social-economy organisations, companies, local authorities and research bodies.",
        "Europe/Paris", budget, maxGrant, phases, Criteria, 50m,
        ["territorial-anchoring", "mutualisation", "economic-viability"], Rules, Form, "ptce-call", "ptce-application", graceMinutes, 30);

    /// <summary>Phases relative to <paramref name="localNow"/> (opened a week ago, deadline in 30 days), for the demo.</summary>
    public static CallPhasesInput PhasesAround(DateTime localNow)
    {
        var day = localNow.Date;
        return new(day.AddDays(-7).AddHours(9), day.AddDays(30).AddHours(12), day.AddDays(75).AddHours(18), day.AddDays(90).AddHours(10), day.AddDays(100).AddHours(10));
    }

    public static readonly List<Criterion> Criteria =
    [
        new("mutualisation", "Mutualisation des ressources", "Shared resources (mutualisation)", 20, 5, 2),
        new("territorial-anchoring", "Ancrage territorial et impact", "Territorial anchoring and impact", 20, 5, 2),
        new("social-innovation", "Innovation sociale", "Social innovation", 15, 5),
        new("economic-viability", "Viabilité économique et autofinancement", "Economic viability and self-financing", 20, 5, 2),
        new("cooperative-governance", "Gouvernance coopérative", "Cooperative governance", 15, 5),
        new("jobs-created", "Emplois créés", "Jobs created", 10, 5),
    ];

    public static readonly List<EligibilityRule> Rules =
    [
        new("partners", EligibilityRuleKind.MinimumPartners, Count: 3, SocialEconomyCount: 1),
        new("legal-form", EligibilityRuleKind.ValueInList, "legalForm", ["Association", "SCIC", "SCOP", "SAS ESUS", "Coopérative", "Fondation"],
            MessageFr: "La forme juridique de la structure cheffe de file doit être l'une des suivantes : Association, SCIC, SCOP, SAS ESUS, Coopérative, Fondation.",
            MessageEn: "The lead organisation's legal form must be one of: Association, SCIC, SCOP, SAS ESUS, Coopérative, Fondation."),
        new("max-grant", EligibilityRuleKind.AmountAtMostMaxGrant, "requestedAmount"),
        new("summary", EligibilityRuleKind.RequiredField, "summary"),
        new("not-funded", EligibilityRuleKind.NotAlreadyFunded),
    ];

    /// <summary>
    /// The PTCE rules as the law of 31 July 2014 (art. 9) writes them, used by the demo call: the members, lead included, count
    /// an ESS enterprise and an enterprise outside the ESS, all in the lead's département (communes' INSEE codes); a commercial
    /// company claiming ESS status needs the document of field "essEvidence"; plus the amount, the summary and no earlier funding.
    /// </summary>
    public static readonly List<EligibilityRule> LawRules =
    [
        new("ptce", EligibilityRuleKind.PtceMembers, "essEvidence", ["departement"]),
        new("max-grant", EligibilityRuleKind.AmountAtMostMaxGrant, "requestedAmount"),
        new("summary", EligibilityRuleKind.RequiredField, "summary"),
        new("not-funded", EligibilityRuleKind.NotAlreadyFunded),
    ];

    /// <summary>The PTCE call with <see cref="LawRules"/> and a form asking for the ESS evidence of commercial companies.</summary>
    public static CallInput LawInput(CallPhasesInput phases, string code = "PTCE-2027") => Input(phases, code) with { EligibilityRules = LawRules, Form = LawForm };

    /// <summary><see cref="Form"/> plus the "essEvidence" document (ESUS approval or ESS statutes of a commercial member).</summary>
    public static ApplicationForm LawForm
    {
        get
        {
            var form = Form;
            form.Sections.Single(s => s.Key == "documents").Fields.Add(new()
            {
                Key = "essEvidence", LabelFr = "Justificatif ESS d'une société commerciale (agrément ESUS ou statuts)",
                LabelEn = "ESS evidence of a commercial company (ESUS approval or statutes)", Type = FieldType.File, AllowedFileTypes = ["pdf"], MaxFileSize = 5 * 1024 * 1024,
            });
            return form;
        }
    }

    public static ApplicationForm Form => new()
    {
        Sections =
        [
            new FormSection
            {
                Key = "project", TitleFr = "Le projet", TitleEn = "The project",
                Fields =
                [
                    new() { Key = "title", LabelFr = "Titre du projet", LabelEn = "Project title", Type = FieldType.ShortText, Required = true, MaxLength = 200 },
                    new() { Key = "summary", LabelFr = "Résumé", LabelEn = "Summary", Type = FieldType.LongText, Required = true, MaxLength = 3000 },
                    new() { Key = "territory", LabelFr = "Territoire", LabelEn = "Territory", Type = FieldType.Departement, Required = true },
                    new() { Key = "themes", LabelFr = "Thématiques", LabelEn = "Themes", Type = FieldType.MultipleChoice,
                        Choices = ["alimentation", "mobilité", "réemploi", "énergie", "numérique", "culture", "habitat"] },
                    new() { Key = "startDate", LabelFr = "Date de démarrage", LabelEn = "Start date", Type = FieldType.Date },
                    new() { Key = "jobsCreated", LabelFr = "Emplois créés (ETP)", LabelEn = "Jobs created (FTE)", Type = FieldType.Number, Min = 0, Max = 1000 },
                ],
            },
            new FormSection
            {
                Key = "budget", TitleFr = "Budget", TitleEn = "Budget",
                Fields =
                [
                    new() { Key = "requestedAmount", LabelFr = "Montant demandé (€)", LabelEn = "Requested amount (€)", Type = FieldType.Amount, Required = true, Min = 1 },
                    new() { Key = "totalBudget", LabelFr = "Budget total du projet (€)", LabelEn = "Total project budget (€)", Type = FieldType.Amount },
                ],
            },
            new FormSection
            {
                Key = "documents", TitleFr = "Pièces jointes", TitleEn = "Documents",
                Fields =
                [
                    new() { Key = "budgetFile", LabelFr = "Budget prévisionnel", LabelEn = "Provisional budget", Type = FieldType.File, Required = true,
                        AllowedFileTypes = ["pdf", "xlsx", "ods"], MaxFileSize = 5 * 1024 * 1024 },
                    new() { Key = "statutes", LabelFr = "Statuts", LabelEn = "Statutes", Type = FieldType.File, Required = true,
                        AllowedFileTypes = ["pdf"], MaxFileSize = 5 * 1024 * 1024 },
                    new() { Key = "partnershipLetters", LabelFr = "Lettres d'engagement des partenaires", LabelEn = "Partners' letters of commitment",
                        Type = FieldType.File, AllowedFileTypes = ["pdf"], MaxFileSize = 5 * 1024 * 1024 },
                ],
            },
        ],
    };
}
