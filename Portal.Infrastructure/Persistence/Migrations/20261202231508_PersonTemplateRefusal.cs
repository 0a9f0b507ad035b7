using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PersonTemplateRefusal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RefusedAt",
                table: "PersonTemplates",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RefusedProbeId",
                table: "PersonTemplates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<float>(
                name: "RefusedScore",
                table: "PersonTemplates",
                type: "REAL",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RefusedAt",
                table: "PersonTemplates");

            migrationBuilder.DropColumn(
                name: "RefusedProbeId",
                table: "PersonTemplates");

            migrationBuilder.DropColumn(
                name: "RefusedScore",
                table: "PersonTemplates");
        }
    }
}
