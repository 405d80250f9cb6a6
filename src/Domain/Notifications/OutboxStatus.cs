namespace CallManager.Domain.Notifications;

/// <summary>Where an outbox message is in its life: waiting, claimed by a dispatcher, delivered, or given up.</summary>
public enum OutboxStatus
{
    /// <summary>Saved and waiting for its next attempt (<see cref="OutboxMessage.NextAttemptAt"/>).</summary>
    Pending,
    /// <summary>Claimed by one dispatcher until <see cref="OutboxMessage.LeaseExpiresAt"/>; no other dispatcher touches it meanwhile.</summary>
    Sending,
    /// <summary>Accepted by the SMTP server (or written to the pickup directory); final.</summary>
    Sent,
    /// <summary>Every attempt failed; an administrator may resend it.</summary>
    Failed,
}
