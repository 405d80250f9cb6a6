using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CallManager.Domain.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChildInstancesAndOutputs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "NotifiesParent",
                table: "WorkflowInstances",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "OutputJson",
                table: "WorkflowInstances",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<Guid>(
                name: "ParentInstanceId",
                table: "WorkflowInstances",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowInstances_ParentInstanceId",
                table: "WorkflowInstances",
                column: "ParentInstanceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkflowInstances_ParentInstanceId",
                table: "WorkflowInstances");

            migrationBuilder.DropColumn(
                name: "NotifiesParent",
                table: "WorkflowInstances");

            migrationBuilder.DropColumn(
                name: "OutputJson",
                table: "WorkflowInstances");

            migrationBuilder.DropColumn(
                name: "ParentInstanceId",
                table: "WorkflowInstances");
        }
    }
}
