using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class EmbeddingVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every face and photo stored so far was embedded by pipeline version 1 (hand-set: EF would write 0).
            migrationBuilder.AddColumn<int>(
                name: "EmbeddedVersion",
                table: "GalleryImages",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "PipelineVersion",
                table: "Faces",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateTable(
                name: "FacePipelineState",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    ActiveVersion = table.Column<int>(type: "integer", nullable: false),
                    TargetVersion = table.Column<int>(type: "integer", nullable: true),
                    ReindexRunId = table.Column<Guid>(type: "uuid", nullable: true),
                    PhotosDone = table.Column<int>(type: "integer", nullable: false),
                    PhotosTotal = table.Column<int>(type: "integer", nullable: false),
                    ReindexStartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FacePipelineState", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "FacePipelineState",
                columns: new[] { "Id", "ActiveVersion", "PhotosDone", "PhotosTotal", "ReindexRunId", "ReindexStartedAt", "TargetVersion" },
                values: new object[] { 1, 1, 0, 0, null, null, null });

            migrationBuilder.CreateIndex(
                name: "IX_Faces_PipelineVersion",
                table: "Faces",
                column: "PipelineVersion");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FacePipelineState");

            migrationBuilder.DropIndex(
                name: "IX_Faces_PipelineVersion",
                table: "Faces");

            migrationBuilder.DropColumn(
                name: "EmbeddedVersion",
                table: "GalleryImages");

            migrationBuilder.DropColumn(
                name: "PipelineVersion",
                table: "Faces");
        }
    }
}
