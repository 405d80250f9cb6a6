using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallManager.Domain.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class RenameDossierReadsToApplicationReads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A rename, not a drop and create: the who-read-what log is kept (the dossier concept is "Application" in code).
            migrationBuilder.RenameTable(name: "DossierReads", newName: "ApplicationReads");
            migrationBuilder.Sql("EXEC sp_rename N'[PK_DossierReads]', N'PK_ApplicationReads', N'OBJECT';");
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
            migrationBuilder.Sql("EXEC sp_rename N'[PK_ApplicationReads]', N'PK_DossierReads', N'OBJECT';");
        }
    }
}
