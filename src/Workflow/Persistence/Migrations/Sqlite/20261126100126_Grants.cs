using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallManager.Workflow.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Grants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CallId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LeadOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SignedDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Grants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Grants_Applications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "Applications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Grants_Calls_CallId",
                        column: x => x.CallId,
                        principalTable: "Calls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Grants_Organisations_LeadOrganisationId",
                        column: x => x.LeadOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "GrantReports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    LabelFr = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    LabelEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    MonthsAfterStart = table.Column<int>(type: "INTEGER", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DocumentKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DocumentName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: true),
                    DocumentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    DocumentSize = table.Column<long>(type: "INTEGER", nullable: true),
                    DocumentSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Indicators = table.Column<string>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ApprovedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    History = table.Column<string>(type: "TEXT", nullable: false),
                    RemindedForDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OverdueRemindedForDueAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GrantReports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GrantReports_Grants_GrantId",
                        column: x => x.GrantId,
                        principalTable: "Grants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GrantTranches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Percent = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    AfterReport = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    PayableSince = table.Column<long>(type: "INTEGER", nullable: true),
                    PaidOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PaidRecordedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GrantTranches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GrantTranches_Grants_GrantId",
                        column: x => x.GrantId,
                        principalTable: "Grants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GrantReports_DueAt",
                table: "GrantReports",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_GrantReports_GrantId_Key",
                table: "GrantReports",
                columns: new[] { "GrantId", "Key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Grants_ApplicationId",
                table: "Grants",
                column: "ApplicationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Grants_CallId_Status",
                table: "Grants",
                columns: new[] { "CallId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Grants_LeadOrganisationId",
                table: "Grants",
                column: "LeadOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_GrantTranches_GrantId_Key",
                table: "GrantTranches",
                columns: new[] { "GrantId", "Key" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GrantReports");

            migrationBuilder.DropTable(
                name: "GrantTranches");

            migrationBuilder.DropTable(
                name: "Grants");
        }
    }
}
