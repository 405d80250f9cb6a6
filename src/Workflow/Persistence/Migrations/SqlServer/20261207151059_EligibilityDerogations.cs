using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallManager.Workflow.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class EligibilityDerogations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FailedRules",
                table: "Applications",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]"); // a dossier judged before failed rules were kept: none recorded (EligibilityService re-evaluates an ineligible one)

            migrationBuilder.CreateTable(
                name: "EligibilityDerogations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CallId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Rule = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: false),
                    GrantedBy = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    GrantedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EligibilityDerogations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EligibilityDerogations_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EligibilityDerogations_Calls_CallId",
                        column: x => x.CallId,
                        principalTable: "Calls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EligibilityDerogations_ApplicationId_Rule",
                table: "EligibilityDerogations",
                columns: new[] { "ApplicationId", "Rule" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_EligibilityDerogations_CallId",
                table: "EligibilityDerogations",
                column: "CallId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EligibilityDerogations");

            migrationBuilder.DropColumn(
                name: "FailedRules",
                table: "Applications");
        }
    }
}
