namespace CallManager.Domain.Grants;

/// <summary>A progress report of a grant: due date, the beneficiary's document and indicator figures, the review history.</summary>
public class GrantReport
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid GrantId { get; set; }
    public int Position { get; set; }
    public string Key { get; set; } = "";
    public string LabelFr { get; set; } = "";
    public string LabelEn { get; set; } = "";
    public int MonthsAfterStart { get; set; }

    /// <summary>The due day (start date plus <see cref="MonthsAfterStart"/>), known once the agreement is signed.</summary>
    public DateOnly? DueDate { get; set; }

    /// <summary>The instant the report becomes overdue: the end of <see cref="DueDate"/> in the call's time zone.</summary>
    public DateTimeOffset? DueAt { get; set; }
    public GrantReportStatus Status { get; set; } = GrantReportStatus.Due;

    /// <summary>Key of the last document in the attachment store (never derived from its name).</summary>
    public string? DocumentKey { get; set; }
    public string? DocumentName { get; set; }
    public string? DocumentType { get; set; }
    public long? DocumentSize { get; set; }
    public string? DocumentSha256 { get; set; }

    /// <summary>The beneficiary's account of the period, sent with the last submission.</summary>
    public string? Narrative { get; set; }

    /// <summary>What the beneficiary is preparing (figures as typed, narrative, answer to the requested changes), kept until the report is sent.</summary>
    public ReportDraft? Draft { get; set; }

    /// <summary>The figures of the last submission, by indicator key.</summary>
    public Dictionary<string, decimal> Indicators { get; set; } = [];
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }

    /// <summary>Submissions, requested changes (with reasons) and the approval, oldest first.</summary>
    public List<GrantReportEvent> History { get; set; } = [];

    /// <summary>The due instant the "due soon" reminder was sent for (a moved due date reminds again).</summary>
    public DateTimeOffset? RemindedForDueAt { get; set; }

    /// <summary>The due instant the overdue reminder was sent for.</summary>
    public DateTimeOffset? OverdueRemindedForDueAt { get; set; }

    /// <summary>Still expected from the beneficiary (due, or sent back for changes).</summary>
    public bool Outstanding => Status is GrantReportStatus.Due or GrantReportStatus.ChangesRequested;

    /// <summary>The label in <paramref name="language"/>.</summary>
    public string Label(string language) => language == "en" && LabelEn.Length > 0 ? LabelEn : LabelFr;
}

/// <summary>Where a report stands.</summary>
public enum GrantReportStatus
{
    Due,
    Submitted,
    ChangesRequested,
    Approved,
}

/// <summary>
/// One step of a report's history: submitted (with the document's name and hash, and the beneficiary's answer to the changes
/// requested, if any), changes requested (with the reasons) or approved.
/// </summary>
public sealed record GrantReportEvent(DateTimeOffset At, string Actor, string Action, string? Reason = null, string? DocumentName = null, string? DocumentSha256 = null,
    string? Answer = null);

/// <summary>A report saved as a draft: the figures as typed, the narrative and the answer to the requested changes.</summary>
public sealed record ReportDraft(Dictionary<string, string?> Indicators, string? Narrative, string? Answer, DateTimeOffset SavedAt, string SavedBy);
