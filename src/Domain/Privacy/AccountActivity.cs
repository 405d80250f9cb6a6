using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Privacy;

/// <summary>When an account last signed in: the event from which an inactive account's retention is counted.</summary>
public class AccountActivity
{
    /// <summary>The account's user id.</summary>
    public string UserId { get; set; } = "";
    public DateTimeOffset LastSignInAt { get; set; }
}

/// <summary>Table <c>AccountActivity</c>, one row per account that has signed in.</summary>
public sealed class AccountActivityConfiguration : IEntityTypeConfiguration<AccountActivity>
{
    public void Configure(EntityTypeBuilder<AccountActivity> b)
    {
        b.ToTable("AccountActivity");
        b.HasKey(a => a.UserId);
        b.Property(a => a.UserId).HasMaxLength(450);
        b.HasIndex(a => a.LastSignInAt);
    }
}
