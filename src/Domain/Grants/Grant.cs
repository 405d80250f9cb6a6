using CallManager.Domain.Common;

namespace CallManager.Domain.Grants;

/// <summary>A selected dossier's grant: the agreement (amount, dates), its payment tranches and its report schedule.</summary>
public class Grant : IVersioned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid ApplicationId { get; set; }
    public Guid CallId { get; set; }
    public Guid LeadOrganisationId { get; set; }

    /// <summary>The dossier's reference, e.g. "PTCE-2027-0007".</summary>
    public string Reference { get; set; } = "";

    /// <summary>The project title, copied from the dossier.</summary>
    public string Title { get; set; } = "";

    /// <summary>Granted amount in euros; the tranches add up to it exactly.</summary>
    public decimal Amount { get; set; }
    public GrantStatus Status { get; set; } = GrantStatus.AwaitingSignature;

    /// <summary>Whether payments are recorded on a grant in <paramref name="status"/>: on active grants only (not before signature, nor once closed or cancelled).</summary>
    public static bool AcceptsPayments(GrantStatus status) => status == GrantStatus.Active;

    /// <summary>Whether reports are expected on a grant in <paramref name="status"/> (so can be overdue): on active grants only (not before signature, nor once closed or cancelled).</summary>
    public static bool ExpectsReports(GrantStatus status) => status == GrantStatus.Active;

    /// <summary>First and last day of the funded project (dates in the call's time zone), set at signature.</summary>
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }

    /// <summary>The day the agreement was signed (call's time zone).</summary>
    public DateOnly? SignedDate { get; set; }

    /// <summary>The user who accepted the agreement online (null when an administrator recorded a signature made otherwise).</summary>
    public string? AgreementAcceptedBy { get; set; }

    /// <summary>That user's name or address at the time, as the grant's history shows it.</summary>
    public string? AgreementAcceptedByName { get; set; }
    public DateTimeOffset? AgreementAcceptedAt { get; set; }

    /// <summary>SHA-256 of the exact agreement PDF that was accepted (a stored generated document).</summary>
    public string? AgreementSha256 { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    public List<GrantTranche> Tranches { get; set; } = [];
    public List<GrantReport> Reports { get; set; } = [];
    public long Version { get; set; }
}

/// <summary>Where a grant stands; moves only through <see cref="GrantLifecycle"/>.</summary>
public enum GrantStatus
{
    /// <summary>Opened from the selection; the agreement is not signed yet.</summary>
    AwaitingSignature,
    /// <summary>Signed: reports are due and tranches become payable.</summary>
    Active,
    /// <summary>Every report approved and every tranche paid.</summary>
    Closed,
    /// <summary>The dossier was withdrawn before closure.</summary>
    Cancelled,
}

/// <summary>A payment tranche: payable at signature (<see cref="AfterReport"/> null) or once that report is approved.</summary>
public class GrantTranche
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid GrantId { get; set; }
    public int Position { get; set; }
    public string Key { get; set; } = "";
    public decimal Percent { get; set; }

    /// <summary>Share of the grant in euros, rounded to the cent (the tranches add up exactly to the grant).</summary>
    public decimal Amount { get; set; }

    /// <summary>Key of the report whose approval makes the tranche payable, or null for "at signature".</summary>
    public string? AfterReport { get; set; }
    public DateTimeOffset? PayableSince { get; set; }

    /// <summary>The day the payment was made (call's time zone).</summary>
    public DateOnly? PaidOn { get; set; }
    public DateTimeOffset? PaidRecordedAt { get; set; }
    public string? RecordedBy { get; set; }

    /// <summary>Pending, Payable or Paid.</summary>
    public string State => PaidOn is not null ? "Paid" : PayableSince is not null ? "Payable" : "Pending";
}
