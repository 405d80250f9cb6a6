using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallManager.Domain.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PrivacyRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LinkScheme",
                table: "AuditLog",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "AccountActivity",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    LastSignInAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountActivity", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "AuditPersonalValues",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubjectId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Value = table.Column<string>(type: "text", nullable: true),
                    ErasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditPersonalValues", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DossierReads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CallId = table.Column<Guid>(type: "uuid", nullable: false),
                    AttachmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReaderId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ReaderRole = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DossierReads", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccountActivity_LastSignInAt",
                table: "AccountActivity",
                column: "LastSignInAt");

            migrationBuilder.CreateIndex(
                name: "IX_AuditPersonalValues_SubjectId",
                table: "AuditPersonalValues",
                column: "SubjectId");

            migrationBuilder.CreateIndex(
                name: "IX_DossierReads_ApplicationId_At",
                table: "DossierReads",
                columns: new[] { "ApplicationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_DossierReads_ReaderId",
                table: "DossierReads",
                column: "ReaderId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AccountActivity");

            migrationBuilder.DropTable(
                name: "AuditPersonalValues");

            migrationBuilder.DropTable(
                name: "DossierReads");

            migrationBuilder.DropColumn(
                name: "LinkScheme",
                table: "AuditLog");
        }
    }
}
