using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallManager.Domain.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class UniqueReserveRank : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Before this index, two live decisions of a call could hold one reserve rank (a race between hosts, or a
            // proposal that restarted numbering under published reserves). The earliest published (else staged) keeps
            // the rank; the others move, in rank order, after the call's last rank, so the unique index can be created.
            migrationBuilder.Sql(
                """
                WITH live AS (
                    SELECT "Id", "CallId", "ReserveRank",
                           ROW_NUMBER() OVER (PARTITION BY "CallId", "ReserveRank" ORDER BY "PublishedAt" NULLS LAST, "StagedAt", "Id") AS place
                    FROM "Decisions" WHERE "ReserveRank" IS NOT NULL AND "WithdrawnAt" IS NULL),
                moved AS (
                    SELECT live."Id", tops.top_rank + ROW_NUMBER() OVER (PARTITION BY live."CallId" ORDER BY live."ReserveRank", live.place, live."Id") AS new_rank
                    FROM live JOIN (SELECT "CallId", MAX("ReserveRank") AS top_rank FROM "Decisions" GROUP BY "CallId") tops ON tops."CallId" = live."CallId"
                    WHERE live.place > 1)
                UPDATE "Decisions" SET "ReserveRank" = moved.new_rank FROM moved WHERE "Decisions"."Id" = moved."Id";
                """);

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
