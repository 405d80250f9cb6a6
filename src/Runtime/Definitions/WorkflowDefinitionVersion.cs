using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Runtime.Definitions;

/// <summary>An immutable published version of a definition: the JSON as published, never updated.</summary>
public sealed class WorkflowDefinitionVersion
{
    public Guid Id { get; set; }

    /// <summary>The definition id ("definitionId" in the file).</summary>
    public string DefinitionId { get; set; } = "";

    /// <summary>1, 2, 3... in publishing order.</summary>
    public int Version { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The definition JSON as published.</summary>
    public string Json { get; set; } = "";

    /// <summary>SHA-256 of the JSON: an unchanged file publishes nothing.</summary>
    public string Hash { get; set; } = "";

    /// <summary>The file it came from, relative to the repository root.</summary>
    public string? Source { get; set; }

    /// <summary>The stimulus name that starts an instance per correlation id, if the definition has a trigger.</summary>
    public string? TriggerName { get; set; }

    public DateTimeOffset PublishedAt { get; set; }
}

/// <summary>Maps <see cref="WorkflowDefinitionVersion"/>: unique (definition id, version).</summary>
public sealed class WorkflowDefinitionVersionConfiguration : IEntityTypeConfiguration<WorkflowDefinitionVersion>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinitionVersion> b)
    {
        b.ToTable("WorkflowDefinitionVersions");
        b.Property(x => x.DefinitionId).HasMaxLength(200);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Hash).HasMaxLength(64);
        b.Property(x => x.Source).HasMaxLength(500);
        b.Property(x => x.TriggerName).HasMaxLength(200);
        b.HasIndex(x => new { x.DefinitionId, x.Version }).IsUnique();
        b.HasIndex(x => x.TriggerName);
    }
}
