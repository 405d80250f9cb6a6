using System.Text.Json.Nodes;
using CallManager.Domain.Calls;
using CallManager.Domain.Organisations;
using CallManager.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CallManager.Domain.Submissions;

/// <summary>Table <c>Applications</c> with its partners, versions and attachments.</summary>
public sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> b)
    {
        b.ToTable("Applications");
        b.Property(a => a.Reference).HasMaxLength(60);
        b.HasIndex(a => a.Reference).IsUnique();
        b.Property(a => a.Title).HasMaxLength(300);
        b.Property(a => a.CreatedBy).HasMaxLength(450);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.RequestedAmount).HasPrecision(18, 2);
        b.Property(a => a.Answers).HasConversion(
            v => v.ToJsonString(JsonColumn.Options),
            v => (JsonObject)JsonNode.Parse(v, null, default)!,
            new ValueComparer<JsonObject>((x, y) => JsonNode.DeepEquals(x, y), v => v.ToJsonString(JsonColumn.Options).GetHashCode(),
                v => (JsonObject)v.DeepClone())).IsRequired();
        b.Property(a => a.EligibilityReasons).HasJsonConversion();
        b.Property(a => a.FailedRules).HasJsonConversion();
        b.Property(a => a.MissingDocuments).HasJsonConversion();
        b.Property(a => a.AdmissibilityReason).HasMaxLength(2000);
        b.HasIndex(a => new { a.CallId, a.Status });
        b.HasIndex(a => a.LeadOrganisationId);
        b.HasOne<Call>().WithMany().HasForeignKey(a => a.CallId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Organisation>().WithMany().HasForeignKey(a => a.LeadOrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(a => a.Partners).WithOne().HasForeignKey(p => p.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Attachments).WithOne().HasForeignKey(p => p.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Versions).WithOne().HasForeignKey(p => p.ApplicationId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Table <c>ApplicationPartners</c>.</summary>
public sealed class ApplicationPartnerConfiguration : IEntityTypeConfiguration<ApplicationPartner>
{
    public void Configure(EntityTypeBuilder<ApplicationPartner> b)
    {
        b.ToTable("ApplicationPartners");
        b.HasKey(p => new { p.ApplicationId, p.OrganisationId });
        b.Property(p => p.Siren).HasMaxLength(9);
        b.Property(p => p.Name).HasMaxLength(300);
        b.Property(p => p.LegalForm).HasMaxLength(100);
        b.Property(p => p.Region).HasMaxLength(100);
        b.Property(p => p.Commune).HasMaxLength(5);
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.EssBasis).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(p => p.OrganisationId);
        b.HasOne<Organisation>().WithMany().HasForeignKey(p => p.OrganisationId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>Table <c>ApplicationVersions</c>: receipts.</summary>
public sealed class ApplicationVersionConfiguration : IEntityTypeConfiguration<ApplicationVersion>
{
    public void Configure(EntityTypeBuilder<ApplicationVersion> b)
    {
        b.ToTable("ApplicationVersions");
        b.Property(v => v.ReceiptNumber).HasMaxLength(80);
        b.Property(v => v.SubmittedBy).HasMaxLength(450);
        b.Property(v => v.Sha256).HasMaxLength(64);
        b.HasIndex(v => new { v.ApplicationId, v.Number }).IsUnique();
        b.HasIndex(v => v.ReceiptNumber).IsUnique();
    }
}

/// <summary>Table <c>Attachments</c>: metadata only, bytes are in the attachment store.</summary>
public sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> b)
    {
        b.ToTable("Attachments");
        b.Property(a => a.FieldKey).HasMaxLength(100);
        b.Property(a => a.StorageKey).HasMaxLength(200);
        b.Property(a => a.OriginalName).HasMaxLength(260);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.Property(a => a.UploadedBy).HasMaxLength(450);
        b.HasIndex(a => a.StorageKey).IsUnique();
    }
}
