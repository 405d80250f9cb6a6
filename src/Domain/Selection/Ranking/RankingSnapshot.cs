using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallManager.Domain.Calls;
using CallManager.Domain.Selection.Calibration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Selection.Ranking;

/// <summary>A frozen copy of a call's ranking inputs (canonical JSON and its SHA-256); immutable once saved.</summary>
public class RankingSnapshot
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid CallId { get; set; }

    /// <summary>1, 2, … per call: the latest snapshot has the highest number.</summary>
    public int Number { get; set; }
    public RankingBasis Basis { get; set; }

    /// <summary>The <see cref="SnapshotContent"/> as canonical JSON (<see cref="CanonicalJson"/>).</summary>
    public string ContentJson { get; set; } = "";

    /// <summary>SHA-256 of <see cref="ContentJson"/> in UTF-8, lower-case hex.</summary>
    public string Sha256 { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The frozen inputs.</summary>
    public SnapshotContent Content() => CanonicalJson.Deserialize<SnapshotContent>(ContentJson);
}

/// <summary>The one serialisation of snapshots and rankings: camelCase, enums as names, no indentation, declaration order.</summary>
public static class CanonicalJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    /// <summary>Lower-case hex SHA-256 of <paramref name="json"/> in UTF-8.</summary>
    public static string Sha256(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}

/// <summary>Table <c>RankingSnapshots</c>.</summary>
public sealed class RankingSnapshotConfiguration : IEntityTypeConfiguration<RankingSnapshot>
{
    public void Configure(EntityTypeBuilder<RankingSnapshot> b)
    {
        b.ToTable("RankingSnapshots");
        b.Property(s => s.Basis).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.ContentJson).IsRequired();
        b.Property(s => s.Sha256).HasMaxLength(64);
        b.Property(s => s.CreatedBy).HasMaxLength(450);
        b.HasIndex(s => new { s.CallId, s.Number }).IsUnique();
        b.HasOne<Call>().WithMany().HasForeignKey(s => s.CallId).OnDelete(DeleteBehavior.Cascade);
    }
}
