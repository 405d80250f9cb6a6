namespace CallManager.Domain.Privacy;

/// <summary>The categories of data that retention rules govern.</summary>
public enum RetentionCategory
{
    /// <summary>Dossiers never submitted (still drafts), counted from the call's closing.</summary>
    DraftDossiers,

    /// <summary>Submitted dossiers that never received a grant (rejected, reserve, inadmissible, withdrawn), from the call's closing.</summary>
    NotSelectedDossiers,

    /// <summary>Dossiers that received a grant, with their grants, from the closing (or cancellation) of their last grant.</summary>
    SelectedDossiersAndGrants,

    /// <summary>Jurors' reviews and comments, from the call's closing.</summary>
    ReviewsAndComments,

    /// <summary>Applicant accounts that own nothing kept and have not signed in, from their last sign-in.</summary>
    InactiveAccounts,

    /// <summary>Documents of dossiers without a grant, from the call's closing (the dossier itself may stay longer).</summary>
    Attachments,

    /// <summary>Sent or failed mails of the outbox, from their creation.</summary>
    OutboxMails,

    /// <summary>The workflow runtime's journal (one row per step), from the step.</summary>
    WorkflowJournal,
}

/// <summary>The event a retention period is counted from.</summary>
public enum RetentionEvent
{
    CallClosed,
    GrantClosed,
    LastSignIn,
    MailCreated,
    StepRecorded,
}

/// <summary>
/// Configuration section <c>Retention</c>: one period per category (e.g. <c>Retention:Periods:DraftDossiers=365.00:00:00</c>);
/// the defaults and where they come from are in the README. <see cref="Enabled"/> false stops the daily job from deleting.
/// </summary>
public sealed class RetentionOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Periods that replace the defaults, by category.</summary>
    public Dictionary<RetentionCategory, TimeSpan> Periods { get; set; } = [];

    /// <summary>The default period of each category (the workflow journal's is <c>Workflows:JournalRetention</c>).</summary>
    public static readonly IReadOnlyDictionary<RetentionCategory, TimeSpan> Defaults = new Dictionary<RetentionCategory, TimeSpan>
    {
        [RetentionCategory.DraftDossiers] = TimeSpan.FromDays(365),
        [RetentionCategory.NotSelectedDossiers] = TimeSpan.FromDays(5 * 365),
        [RetentionCategory.SelectedDossiersAndGrants] = TimeSpan.FromDays(10 * 365),
        [RetentionCategory.ReviewsAndComments] = TimeSpan.FromDays(5 * 365),
        [RetentionCategory.InactiveAccounts] = TimeSpan.FromDays(2 * 365),
        [RetentionCategory.Attachments] = TimeSpan.FromDays(2 * 365),
        [RetentionCategory.OutboxMails] = TimeSpan.FromDays(365),
    };

    /// <summary>The event each category's period is counted from.</summary>
    public static RetentionEvent EventOf(RetentionCategory category) => category switch
    {
        RetentionCategory.SelectedDossiersAndGrants => RetentionEvent.GrantClosed,
        RetentionCategory.InactiveAccounts => RetentionEvent.LastSignIn,
        RetentionCategory.OutboxMails => RetentionEvent.MailCreated,
        RetentionCategory.WorkflowJournal => RetentionEvent.StepRecorded,
        _ => RetentionEvent.CallClosed,
    };
}

/// <summary>One rule: a category is kept for <see cref="Period"/> after <see cref="Event"/>.</summary>
public sealed record RetentionRule(RetentionCategory Category, RetentionEvent Event, TimeSpan Period)
{
    /// <summary>The rule in words, as the audit entry and the dry run state it.</summary>
    public override string ToString() => $"{Category}: {Period.TotalDays:0} days after {Event}";
}

/// <summary>One thing a retention run removes (or would remove), and why; <see cref="Count"/> rows when it stands for a batch (journal steps).</summary>
public sealed record RetentionItem(RetentionCategory Category, string EntityType, string EntityId, string Label, DateTimeOffset EventAt, DateTimeOffset DueAt, int Count = 1);

/// <summary>What a retention run removes (or would, in a dry run), per rule.</summary>
public sealed record RetentionPlan(DateTimeOffset At, IReadOnlyList<RetentionRule> Rules, IReadOnlyList<RetentionItem> Items)
{
    /// <summary>The number of items per category, every category listed.</summary>
    public IReadOnlyDictionary<RetentionCategory, int> Counts => Rules.ToDictionary(r => r.Category, r => Items.Where(i => i.Category == r.Category).Sum(i => i.Count));
}
