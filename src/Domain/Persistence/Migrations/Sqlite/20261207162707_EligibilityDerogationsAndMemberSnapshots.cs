using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallManager.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EligibilityDerogationsAndMemberSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Commune",
                table: "Organisations",
                type: "TEXT",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EssBasis",
                table: "Organisations",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Organisations",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Enterprise");

            migrationBuilder.AddColumn<string>(
                name: "FailedRules",
                table: "Applications",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]"); // a dossier judged before failed rules were kept: none recorded (EligibilityService re-evaluates an ineligible one)

            migrationBuilder.AddColumn<string>(
                name: "Commune",
                table: "ApplicationPartners",
                type: "TEXT",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EssBasis",
                table: "ApplicationPartners",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "ApplicationPartners",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Enterprise");

            migrationBuilder.AddColumn<string>(
                name: "LegalForm",
                table: "ApplicationPartners",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "ApplicationPartners",
                type: "TEXT",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Region",
                table: "ApplicationPartners",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Siren",
                table: "ApplicationPartners",
                type: "TEXT",
                maxLength: 9,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "SocialEconomy",
                table: "ApplicationPartners",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ApplicationMembers",
                columns: table => new
                {
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Siren = table.Column<string>(type: "TEXT", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    LegalForm = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Commune = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    SocialEconomy = table.Column<bool>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EssBasis = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApplicationMembers", x => new { x.ApplicationId, x.Position });
                    table.ForeignKey(
                        name: "FK_ApplicationMembers_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EligibilityDerogations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CallId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    GrantedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    GrantedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "ApplicationMembers");

            migrationBuilder.DropTable(
                name: "EligibilityDerogations");

            migrationBuilder.DropColumn(
                name: "Commune",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "EssBasis",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Organisations");

            migrationBuilder.DropColumn(
                name: "FailedRules",
                table: "Applications");

            migrationBuilder.DropColumn(
                name: "Commune",
                table: "ApplicationPartners");

            migrationBuilder.DropColumn(
                name: "EssBasis",
                table: "ApplicationPartners");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "ApplicationPartners");

            migrationBuilder.DropColumn(
                name: "LegalForm",
                table: "ApplicationPartners");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "ApplicationPartners");

            migrationBuilder.DropColumn(
                name: "Region",
                table: "ApplicationPartners");

            migrationBuilder.DropColumn(
                name: "Siren",
                table: "ApplicationPartners");

            migrationBuilder.DropColumn(
                name: "SocialEconomy",
                table: "ApplicationPartners");
        }
    }
}
