using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FaceChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FaceChangePosition",
                table: "Probes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "FaceChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    FaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GalleryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaceChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FaceIndexReplicas",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MachineName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ProcessId = table.Column<int>(type: "INTEGER", nullable: false),
                    AppliedPosition = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HeartbeatAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaceIndexReplicas", x => x.Id);
                });

            // The history moves into the one log. Existing faces become Added entries in their Sequence order, then the
            // logged removals become Removed entries. The two old logs had separate counters, so their interleaving is
            // lost; it does not matter: face ids are never reused and a removed face has no row, so no face is both
            // added here and removed here, and any order of these entries gives the same index. Replicas start from a
            // snapshot anyway and only apply what comes after it. Removals keep no time or gallery: "now" and the empty id.
            migrationBuilder.Sql("""
                INSERT INTO "FaceChanges" ("Id", "Kind", "FaceId", "GalleryId", "At")
                SELECT ROW_NUMBER() OVER (ORDER BY "Sequence"), 1, "Id", "GalleryId", "CreatedAt" FROM "Faces";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "FaceChanges" ("Id", "Kind", "FaceId", "GalleryId", "At")
                SELECT (SELECT COUNT(*) FROM "Faces") + ROW_NUMBER() OVER (ORDER BY "Id"), 2, "FaceId",
                       '00000000-0000-0000-0000-000000000000', CAST(strftime('%s', 'now') AS INTEGER) * 10000000 + 621355968000000000
                FROM "FaceRemovals";
                """);

            migrationBuilder.DropTable(
                name: "FaceRemovals");

            migrationBuilder.CreateIndex(
                name: "IX_FaceChanges_FaceId",
                table: "FaceChanges",
                column: "FaceId");

            migrationBuilder.CreateIndex(
                name: "IX_FaceIndexReplicas_HeartbeatAt",
                table: "FaceIndexReplicas",
                column: "HeartbeatAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FaceChanges");

            migrationBuilder.DropTable(
                name: "FaceIndexReplicas");

            migrationBuilder.DropColumn(
                name: "FaceChangePosition",
                table: "Probes");

            migrationBuilder.CreateTable(
                name: "FaceRemovals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FaceId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaceRemovals", x => x.Id);
                });
        }
    }
}
