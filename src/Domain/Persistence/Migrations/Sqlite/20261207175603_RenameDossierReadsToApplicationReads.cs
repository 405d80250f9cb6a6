using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallManager.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RenameDossierReadsToApplicationReads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A rename, not a drop and create: the who-read-what log is kept (the dossier concept is "Application" in code).
            migrationBuilder.RenameTable(name: "DossierReads", newName: "ApplicationReads");
            // SQLite cannot rename an index: drop and create it under its new name.
            migrationBuilder.DropIndex(name: "IX_DossierReads_ApplicationId_At", table: "ApplicationReads");
            migrationBuilder.DropIndex(name: "IX_DossierReads_ReaderId", table: "ApplicationReads");
            migrationBuilder.CreateIndex(name: "IX_ApplicationReads_ApplicationId_At", table: "ApplicationReads", columns: new[] { "ApplicationId", "At" });
            migrationBuilder.CreateIndex(name: "IX_ApplicationReads_ReaderId", table: "ApplicationReads", column: "ReaderId");
            migrationBuilder.RenameColumn(name: "CanonicalDossier", table: "ApplicationVersions", newName: "CanonicalApplication");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(name: "CanonicalApplication", table: "ApplicationVersions", newName: "CanonicalDossier");
            migrationBuilder.DropIndex(name: "IX_ApplicationReads_ReaderId", table: "ApplicationReads");
            migrationBuilder.DropIndex(name: "IX_ApplicationReads_ApplicationId_At", table: "ApplicationReads");
            migrationBuilder.CreateIndex(name: "IX_DossierReads_ApplicationId_At", table: "ApplicationReads", columns: new[] { "ApplicationId", "At" });
            migrationBuilder.CreateIndex(name: "IX_DossierReads_ReaderId", table: "ApplicationReads", column: "ReaderId");
            migrationBuilder.RenameTable(name: "ApplicationReads", newName: "DossierReads");
        }
    }
}
