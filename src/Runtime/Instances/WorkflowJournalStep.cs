using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Runtime.Instances;

/// <summary>
/// The journal lines one step (or one administrator action) wrote, as one row: a resumption writes one journal row,
/// not one per line, so the journal costs one insert per commit of an instance. Kept apart from the instance row and
/// pruned after the retention period.
/// </summary>
public sealed class WorkflowJournalStep
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }

    /// <summary>When the step wrote its first line (what retention compares).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The lines as a JSON array (see <see cref="Of"/> and <see cref="Lines"/>).</summary>
    public string LinesJson { get; set; } = "[]";

    /// <summary>A row holding <paramref name="lines"/> (at least one) of instance <paramref name="instanceId"/>.</summary>
    public static WorkflowJournalStep Of(Guid instanceId, IReadOnlyList<WorkflowJournalEntry> lines) => new()
    {
        InstanceId = instanceId,
        At = lines[0].At,
        LinesJson = JsonSerializer.Serialize(lines.Select(l => new StoredLine(l.At, l.ActivityId, l.ActivityType, l.Event, l.Detail)).ToList(), JournalJson.Default.ListStoredLine),
    };

    /// <summary>The lines of this row, in the order they were written.</summary>
    public IEnumerable<WorkflowJournalEntry> Lines() =>
        (JsonSerializer.Deserialize(LinesJson, JournalJson.Default.ListStoredLine) ?? []).Select(l => new WorkflowJournalEntry
        {
            InstanceId = InstanceId, At = l.At, ActivityId = l.A, ActivityType = l.T, Event = l.E, Detail = l.D,
        });
}

/// <summary>A journal line as stored: short names, since a step's lines are written on every resumption.</summary>
internal sealed record StoredLine(DateTimeOffset At, string? A, string? T, string E, string? D);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<StoredLine>))]
internal sealed partial class JournalJson : JsonSerializerContext;

/// <summary>Maps <see cref="WorkflowJournalStep"/>: no foreign key, so the journal outlives or is pruned apart from instances.</summary>
public sealed class WorkflowJournalStepConfiguration : IEntityTypeConfiguration<WorkflowJournalStep>
{
    public void Configure(EntityTypeBuilder<WorkflowJournalStep> b)
    {
        b.ToTable("WorkflowJournal");
        b.HasIndex(x => new { x.InstanceId, x.Id });
        b.HasIndex(x => x.At);
    }
}
