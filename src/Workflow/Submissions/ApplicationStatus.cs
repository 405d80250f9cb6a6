namespace CallManager.Workflow.Submissions;

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
}
