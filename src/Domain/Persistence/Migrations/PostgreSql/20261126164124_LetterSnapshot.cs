using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallManager.Domain.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class LetterSnapshot : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "RankingSnapshotId",
                table: "Decisions",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Decisions_RankingSnapshotId",
                table: "Decisions",
                column: "RankingSnapshotId");

            migrationBuilder.AddForeignKey(
                name: "FK_Decisions_RankingSnapshots_RankingSnapshotId",
                table: "Decisions",
                column: "RankingSnapshotId",
                principalTable: "RankingSnapshots",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Decisions_RankingSnapshots_RankingSnapshotId",
                table: "Decisions");

            migrationBuilder.DropIndex(
                name: "IX_Decisions_RankingSnapshotId",
                table: "Decisions");

            migrationBuilder.DropColumn(
                name: "RankingSnapshotId",
                table: "Decisions");
        }
    }
}
