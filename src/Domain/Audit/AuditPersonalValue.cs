using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Audit;

/// <summary>
/// A personal value an audit entry refers to instead of holding it (the chain hashes the reference, not the value), so an
/// erasure can blank it and the chain still verifies.
/// </summary>
public class AuditPersonalValue
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The person the value belongs to (user id): what an erasure looks for.</summary>
    public string SubjectId { get; set; } = "";

    /// <summary>The value, or null once erased.</summary>
    public string? Value { get; set; }
    public DateTimeOffset? ErasedAt { get; set; }
}

/// <summary>How an audit entry's JSON refers to a personal value: <c>{"$personal": "id"}</c>.</summary>
public sealed record AuditPersonalReference([property: JsonPropertyName("$personal")] Guid Id);

/// <summary>Table <c>AuditPersonalValues</c>, found by subject at erasure.</summary>
public sealed class AuditPersonalValueConfiguration : IEntityTypeConfiguration<AuditPersonalValue>
{
    public void Configure(EntityTypeBuilder<AuditPersonalValue> b)
    {
        b.ToTable("AuditPersonalValues");
        b.HasKey(v => v.Id);
        b.Property(v => v.SubjectId).HasMaxLength(450);
        b.HasIndex(v => v.SubjectId);
    }
}
