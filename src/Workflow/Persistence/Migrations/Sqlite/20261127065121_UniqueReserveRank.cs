using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallManager.Workflow.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UniqueReserveRank : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Decisions_CallId_ReserveRank",
                table: "Decisions",
                columns: new[] { "CallId", "ReserveRank" },
                unique: true,
                filter: "\"ReserveRank\" IS NOT NULL AND \"WithdrawnAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Decisions_CallId_ReserveRank",
                table: "Decisions");
        }
    }
}
