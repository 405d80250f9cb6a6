using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallManager.Workflow.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MemberSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Commune",
                table: "Organisations",
                type: "nvarchar(5)",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EssBasis",
                table: "Organisations",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "Organisations",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Enterprise");

            migrationBuilder.AddColumn<string>(
                name: "Commune",
                table: "ApplicationPartners",
                type: "nvarchar(5)",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EssBasis",
                table: "ApplicationPartners",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "ApplicationPartners",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Enterprise");

            migrationBuilder.AddColumn<string>(
                name: "LegalForm",
                table: "ApplicationPartners",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "ApplicationPartners",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Region",
                table: "ApplicationPartners",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Siren",
                table: "ApplicationPartners",
                type: "nvarchar(9)",
                maxLength: 9,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "SocialEconomy",
                table: "ApplicationPartners",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "ApplicationMembers",
                columns: table => new
                {
                    ApplicationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Position = table.Column<int>(type: "int", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Siren = table.Column<string>(type: "nvarchar(9)", maxLength: 9, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: false),
                    LegalForm = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Region = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Commune = table.Column<string>(type: "nvarchar(5)", maxLength: 5, nullable: true),
                    SocialEconomy = table.Column<bool>(type: "bit", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    EssBasis = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApplicationMembers");

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
