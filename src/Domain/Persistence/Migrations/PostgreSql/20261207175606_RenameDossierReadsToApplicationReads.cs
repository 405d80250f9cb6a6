using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallManager.Domain.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class RenameDossierReadsToApplicationReads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A rename, not a drop and create: the who-read-what log is kept (the dossier concept is "Application" in code).
            migrationBuilder.RenameTable(name: "DossierReads", newName: "ApplicationReads");
            migrationBuilder.Sql("ALTER TABLE \"ApplicationReads\" RENAME CONSTRAINT \"PK_DossierReads\" TO \"PK_ApplicationReads\";");
            migrationBuilder.RenameIndex(name: "IX_DossierReads_ApplicationId_At", table: "ApplicationReads", newName: "IX_ApplicationReads_ApplicationId_At");
            migrationBuilder.RenameIndex(name: "IX_DossierReads_ReaderId", table: "ApplicationReads", newName: "IX_ApplicationReads_ReaderId");
            migrationBuilder.RenameColumn(name: "CanonicalDossier", table: "ApplicationVersions", newName: "CanonicalApplication");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(name: "CanonicalApplication", table: "ApplicationVersions", newName: "CanonicalDossier");
            migrationBuilder.RenameIndex(name: "IX_ApplicationReads_ReaderId", table: "ApplicationReads", newName: "IX_DossierReads_ReaderId");
            migrationBuilder.RenameIndex(name: "IX_ApplicationReads_ApplicationId_At", table: "ApplicationReads", newName: "IX_DossierReads_ApplicationId_At");
            migrationBuilder.RenameTable(name: "ApplicationReads", newName: "DossierReads");
            migrationBuilder.Sql("ALTER TABLE \"DossierReads\" RENAME CONSTRAINT \"PK_ApplicationReads\" TO \"PK_DossierReads\";");
        }
    }
}
