namespace CallManager.Runtime.Contracts;

/// <summary>What an activity did: completed with outcomes, suspended on bookmarks, or finished the whole workflow.</summary>
public sealed class ActivityResult
{
    /// <summary>The outcome of an activity with a single outgoing port.</summary>
    public const string DoneOutcome = "Done";

    private ActivityResult(ActivityResultKind kind, IReadOnlyList<string> outcomes, IReadOnlyList<BookmarkRequest> bookmarks)
    {
        Kind = kind;
        Outcomes = outcomes;
        Bookmarks = bookmarks;
    }

    /// <summary>Completed, suspended or finished the workflow.</summary>
    public ActivityResultKind Kind { get; }

    /// <summary>The ports to follow when completed (one or more).</summary>
    public IReadOnlyList<string> Outcomes { get; }

    /// <summary>The bookmarks to create when suspended (at least one).</summary>
    public IReadOnlyList<BookmarkRequest> Bookmarks { get; }

    /// <summary>Completes with the single outcome "Done".</summary>
    public static ActivityResult Done() => Outcome(DoneOutcome);

    /// <summary>Completes and follows every connection leaving from one of <paramref name="outcomes"/>.</summary>
    public static ActivityResult Outcome(params string[] outcomes) =>
        outcomes.Length == 0
            ? throw new ArgumentException("An activity completes with at least one outcome.", nameof(outcomes))
            : new(ActivityResultKind.Completed, outcomes, []);

    /// <summary>Suspends the activity until one of <paramref name="bookmarks"/> is resumed.</summary>
    public static ActivityResult Suspend(params BookmarkRequest[] bookmarks) =>
        bookmarks.Length == 0
            ? throw new ArgumentException("A suspended activity creates at least one bookmark.", nameof(bookmarks))
            : new(ActivityResultKind.Suspended, [], bookmarks);

    /// <summary>
    /// Ends the whole workflow instance (status Finished), removing every other bookmark; <paramref name="outcomes"/> (Elsa's Complete) are
    /// the outcomes of the activity that ran it as a child, "Done" when none.
    /// </summary>
    public static ActivityResult FinishWorkflow(params string[] outcomes) => new(ActivityResultKind.FinishedWorkflow, outcomes, []);
}

/// <summary>The kind of an <see cref="ActivityResult"/>.</summary>
public enum ActivityResultKind
{
    /// <summary>The activity completed; its outcomes are followed.</summary>
    Completed,
    /// <summary>The activity waits on bookmarks.</summary>
    Suspended,
    /// <summary>The workflow instance is finished.</summary>
    FinishedWorkflow,
}

/// <summary>
/// A bookmark an activity asks for: a named stimulus (matched with the instance's correlation id) or, with
/// <see cref="DueAt"/>, a timer fired by a Hangfire job at that instant.
/// </summary>
/// <param name="Name">The stimulus name that resumes it (timers use <see cref="TimerName"/>).</param>
/// <param name="DueAt">For a timer, the instant it fires (UTC).</param>
public sealed record BookmarkRequest(string Name, DateTimeOffset? DueAt = null)
{
    /// <summary>The bookmark name of timers.</summary>
    public const string TimerName = "Timer";

    /// <summary>A bookmark resumed by the stimulus <paramref name="name"/> carrying the instance's correlation id.</summary>
    public static BookmarkRequest Signal(string name) => new(name);

    /// <summary>A bookmark resumed by a timer at <paramref name="dueAt"/>.</summary>
    public static BookmarkRequest Timer(DateTimeOffset dueAt) => new(TimerName, dueAt.ToUniversalTime());
}
