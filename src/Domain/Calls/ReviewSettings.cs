namespace CallManager.Domain.Calls;

/// <summary>How a call is reviewed: panel size, loads, comment rules, anonymisation, disagreement and reminders.</summary>
public sealed record ReviewSettings
{
    /// <summary>Reviewers per eligible dossier (k).</summary>
    public int ReviewersPerDossier { get; init; } = 3;

    /// <summary>Most dossiers one reviewer is given.</summary>
    public int MaxLoadPerReviewer { get; init; } = 20;

    /// <summary>A comment is required on every criterion before a review can be submitted.</summary>
    public bool RequireCriterionComments { get; init; }

    /// <summary>Form fields marked <see cref="FormField.Personal"/> are hidden from reviewers.</summary>
    public bool Anonymise { get; init; }

    /// <summary>Standard deviation of reviewers' weighted totals (on 100) above which a dossier is flagged as disputed.</summary>
    public decimal DisagreementThreshold { get; init; } = 15m;

    /// <summary>Days before the review deadline at which unfinished reviews are reminded (a second reminder goes on the day).</summary>
    public int ReminderDaysBefore { get; init; } = 3;
}

/// <summary>The grant terms every selected dossier of a call receives: tranches, report schedule and indicators.</summary>
public sealed record GrantTerms
{
    /// <summary>Length of the funded project in months (agreement start to end).</summary>
    public int DurationMonths { get; init; } = 24;

    /// <summary>Payment tranches in order; their percentages add up to 100.</summary>
    public List<TrancheTerm> Tranches { get; init; } =
    [
        new("signature", 50m, null),
        new("interim", 30m, "interim"),
        new("final", 20m, "final"),
    ];

    /// <summary>Progress reports due, in months after the agreement's start (the final one at its end).</summary>
    public List<ReportTerm> Reports { get; init; } =
    [
        new("interim", "Rapport intermédiaire", "Interim report", 12),
        new("final", "Rapport final", "Final report", 24),
    ];

    /// <summary>Figures asked in every report.</summary>
    public List<IndicatorTerm> Indicators { get; init; } =
    [
        new("jobsCreated", "Emplois créés", "Jobs created"),
        new("partners", "Partenaires actifs", "Active partners"),
    ];

    /// <summary>Days before a report's due date at which the beneficiary is reminded.</summary>
    public int ReminderDaysBefore { get; init; } = 14;
}

/// <summary>A tranche: its share of the granted amount, payable at signature (<see cref="AfterReport"/> null) or once that report is approved.</summary>
public sealed record TrancheTerm(string Key, decimal Percent, string? AfterReport);

/// <summary>A report due <see cref="MonthsAfterStart"/> months after the agreement starts.</summary>
public sealed record ReportTerm(string Key, string LabelFr, string LabelEn, int MonthsAfterStart);

/// <summary>A figure reported by the beneficiary (e.g. jobs created).</summary>
public sealed record IndicatorTerm(string Key, string LabelFr, string LabelEn);

/// <summary>One step of a criterion's anchored scale, e.g. 0 = "absent", 5 = "exemplary".</summary>
public sealed record ScaleAnchor(int Score, string LabelFr, string LabelEn);
