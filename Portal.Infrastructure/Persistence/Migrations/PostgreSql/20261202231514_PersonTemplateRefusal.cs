using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PersonTemplateRefusal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RefusedAt",
                table: "PersonTemplates",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RefusedProbeId",
                table: "PersonTemplates",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<float>(
                name: "RefusedScore",
                table: "PersonTemplates",
                type: "real",
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
