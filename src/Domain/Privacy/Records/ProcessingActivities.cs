namespace CallManager.Domain.Privacy.Records;

/// <summary>The legal bases of GDPR art. 6(1) the activities rest on.</summary>
public enum LegalBasis
{
    /// <summary>Art. 6(1)(b): a contract with the person (the grant agreement).</summary>
    Contract,
    /// <summary>Art. 6(1)(c): a legal obligation of the funder (accounting, archives).</summary>
    LegalObligation,
    /// <summary>Art. 6(1)(e): a task carried out in the public interest (running a public call for projects).</summary>
    PublicTask,
}

/// <summary>
/// One processing activity of the record (GDPR art. 30): its purpose, legal bases, the people and data concerned, and the
/// retention categories that bound it. Texts are keyed by <see cref="Key"/> on the pages, in French and English.
/// </summary>
public sealed record ProcessingActivity(string Key, IReadOnlyList<LegalBasis> Bases, IReadOnlyList<RetentionCategory> Retention);

/// <summary>The record of processing activities, as data: the notice and the administrators' record are generated from it.</summary>
public static class ProcessingActivities
{
    /// <summary>Every activity, in the order a reader meets them in a call.</summary>
    public static readonly IReadOnlyList<ProcessingActivity> All =
    [
        new("Accounts", [LegalBasis.PublicTask], [RetentionCategory.InactiveAccounts]),
        new("Applications", [LegalBasis.PublicTask],
            [RetentionCategory.DraftDossiers, RetentionCategory.NotSelectedDossiers, RetentionCategory.SelectedDossiersAndGrants, RetentionCategory.Attachments]),
        new("Reviews", [LegalBasis.PublicTask], [RetentionCategory.ReviewsAndComments]),
        new("Grants", [LegalBasis.Contract, LegalBasis.LegalObligation], [RetentionCategory.SelectedDossiersAndGrants]),
        new("Mails", [LegalBasis.PublicTask], [RetentionCategory.OutboxMails]),
        new("Audit", [LegalBasis.LegalObligation, LegalBasis.PublicTask], [RetentionCategory.WorkflowJournal]),
    ];
}
