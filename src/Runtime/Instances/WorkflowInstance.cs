using CallManager.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Runtime.Instances;

/// <summary>A run of one published definition version; its <see cref="Version"/> makes each step the only writer.</summary>
public sealed class WorkflowInstance : IVersioned
{
    public Guid Id { get; set; }

    /// <summary>The definition id (e.g. "ptce-call").</summary>
    public string DefinitionId { get; set; } = "";

    /// <summary>The version number the instance is pinned to.</summary>
    public int DefinitionVersion { get; set; }

    /// <summary>The row of the pinned definition version.</summary>
    public Guid DefinitionVersionId { get; set; }

    public WorkflowStatus Status { get; set; }

    /// <summary>What the instance is about (a call id, a dossier id...); stimuli are matched on it.</summary>
    public string? CorrelationId { get; set; }

    /// <summary>The name an Elsa SetName activity gave the instance, shown in instance lists.</summary>
    public string? Name { get; set; }

    /// <summary>"definitionId|correlationId" when the instance must be the only one of its definition for that correlation id.</summary>
    public string? StartKey { get; set; }

    /// <summary>The variables as a JSON object.</summary>
    public string VariablesJson { get; set; } = "{}";

    /// <summary>The input given at start, as a JSON object.</summary>
    public string InputJson { get; set; } = "{}";

    /// <summary>The workflow's outputs (Elsa's SetOutput, a definition's declared <c>outputs</c>) as a JSON object.</summary>
    public string OutputJson { get; set; } = "{}";

    /// <summary>The instance whose ExecuteWorkflow, DispatchWorkflow or workflow-definition activity started this one, if any.</summary>
    public Guid? ParentInstanceId { get; set; }

    /// <summary>True when the parent waits for this instance: its end (finished, faulted, cancelled) resumes the parent.</summary>
    public bool NotifiesParent { get; set; }

    /// <summary>The executor's state (pending work after a fault, join arrivals) as JSON.</summary>
    public string StateJson { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public long Version { get; set; }

    /// <summary>The summary returned by the runtime.</summary>
    public WorkflowInstanceSummary ToSummary() => new(Id, DefinitionId, DefinitionVersion, Status, CorrelationId, Name);
}

/// <summary>
/// Maps <see cref="WorkflowInstance"/>: indexed by correlation id, (definition, status) and start key. Status has no index
/// of its own: every resumption changes it (an entry deleted and another inserted), and only the administrators' list
/// filtered by status alone would read it (it scans instead). A partial index on the statuses an administrator looks for
/// was not kept: that list passes its status as a parameter, which SQL Server does not match against an index filter.
/// </summary>
public sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public void Configure(EntityTypeBuilder<WorkflowInstance> b)
    {
        b.ToTable("WorkflowInstances");
        b.Property(i => i.DefinitionId).HasMaxLength(200);
        b.Property(i => i.CorrelationId).HasMaxLength(200);
        b.Property(i => i.Name).HasMaxLength(200);
        b.Property(i => i.StartKey).HasMaxLength(401);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(i => i.CorrelationId);
        b.HasIndex(i => new { i.DefinitionId, i.Status });
        b.HasIndex(i => i.StartKey).IsUnique();
        b.HasIndex(i => i.ParentInstanceId);
    }
}
