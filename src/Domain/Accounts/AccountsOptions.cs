namespace CallManager.Domain.Accounts;

/// <summary>Configuration section <c>Accounts</c>.</summary>
public sealed class AccountsOptions
{
    /// <summary>Applicants must confirm their e-mail address (a link by mail) before signing in; off for the demo.</summary>
    public bool RequireConfirmedEmail { get; set; } = true;

    /// <summary>Failed sign-ins before the account is locked out for <see cref="LockoutMinutes"/>.</summary>
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked-out account stays locked.</summary>
    public int LockoutMinutes { get; set; } = 15;
}

/// <summary>Configuration section <c>Bootstrap</c>: the first administrator, created at start-up if missing.</summary>
public sealed class BootstrapOptions
{
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
}
