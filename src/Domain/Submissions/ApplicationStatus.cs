namespace CallManager.Domain.Submissions;

/// <summary>Where a dossier stands; moves only through <see cref="ApplicationLifecycle"/>.</summary>
public enum ApplicationStatus
{
    Draft,
    Submitted,
    /// <summary>An administrator asked for missing documents; the applicant may upload just those until the due date.</summary>
    MissingDocuments,
    Admissible,
    Inadmissible,
    Withdrawn,
    /// <summary>Set by the selection stage when the dossier is funded (read by the "not already funded" rule).</summary>
    Selected,
    /// <summary>On the ordered reserve list: offered the grant if a selected project withdraws.</summary>
    Reserve,
    /// <summary>Not funded; the decision gives the reason.</summary>
    Rejected,
}
