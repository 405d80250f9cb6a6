namespace CallManager.Domain.Notifications;

/// <summary>Configuration section <c>Mail</c>: sender, SMTP server (or the pickup directory), templates, dispatcher.</summary>
public sealed class MailOptions
{
    /// <summary>The default pickup directory, relative to the working directory.</summary>
    public const string DefaultPickupDirectory = "data/mail";

    /// <summary>The sender of every mail.</summary>
    public MailSender From { get; set; } = new();

    /// <summary>The SMTP server; with no <see cref="SmtpOptions.Host"/>, mails are written to <see cref="PickupDirectory"/>.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Where <c>.eml</c> files go when no SMTP host is configured.</summary>
    public string PickupDirectory { get; set; } = DefaultPickupDirectory;

    /// <summary>A folder of <c>.liquid</c> templates replacing the shipped ones (null: the copies beside the binaries).</summary>
    public string? TemplateDirectory { get; set; }

    public DispatcherOptions Dispatcher { get; set; } = new();

    /// <summary>True when mails go to an SMTP server rather than to the pickup directory.</summary>
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

/// <summary><c>Mail:From</c>: the sender's address and display name.</summary>
public sealed class MailSender
{
    public string Address { get; set; } = "callmanager@localhost";
    public string Name { get; set; } = "CallManager";
}

/// <summary>How the connection to the SMTP server is secured (MailKit's SecureSocketOptions).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text (a relay on the same machine or network).</summary>
    None,
    /// <summary>STARTTLS, required (port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
    /// <summary>TLS on 465, STARTTLS when the server offers it otherwise.</summary>
    Auto,
}

/// <summary><c>Mail:Smtp</c>: the SMTP server and its credentials (the password is never logged).</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    /// <summary>0 picks the usual port for <see cref="Security"/> (25, 587 or 465).</summary>
    public int Port { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>How long one SMTP operation may take; keep it well under the dispatcher's lease.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary><c>Mail:Dispatcher</c>: the background sender in each web host.</summary>
public sealed class DispatcherOptions
{
    /// <summary>False to run a host that never sends (another host does).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the host looks for due mails.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many due mails one pass claims at most (in one UPDATE) and sends over one SMTP connection.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>After this many failed attempts a mail is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Delay before the second attempt; doubled after each failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a claim holds; a host that dies mid-send releases its mails after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the mail server may stay unreachable (every attempt failing) before <c>/health</c> says Degraded.</summary>
    public TimeSpan UnhealthyAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The delay after failed attempt number <paramref name="attempts"/> (1-based): exponential, capped.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var ticks = Math.Min(FirstRetryDelay.Ticks * factor, MaxRetryDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
