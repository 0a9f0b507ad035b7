using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.PostgreSql
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
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "FaceChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    FaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    GalleryId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaceChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FaceIndexReplicas",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MachineName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ProcessId = table.Column<int>(type: "integer", nullable: false),
                    AppliedPosition = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    HeartbeatAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaceIndexReplicas", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FaceChanges_FaceId",
                table: "FaceChanges",
                column: "FaceId");

            migrationBuilder.CreateIndex(
                name: "IX_FaceIndexReplicas_HeartbeatAt",
                table: "FaceIndexReplicas",
                column: "HeartbeatAt");

            // The history moves over as on SQLite: the faces in the order they were added, then the old removal
            // log. Face ids are never reused, so any order of the two gives the same index.
            migrationBuilder.Sql("""
                INSERT INTO "FaceChanges" ("Id", "Kind", "FaceId", "GalleryId", "At")
                SELECT ROW_NUMBER() OVER (ORDER BY "Sequence"), 1, "Id", "GalleryId", "CreatedAt" FROM "Faces";
                """);
            migrationBuilder.Sql("""
                INSERT INTO "FaceChanges" ("Id", "Kind", "FaceId", "GalleryId", "At")
                SELECT (SELECT COUNT(*) FROM "Faces") + ROW_NUMBER() OVER (ORDER BY "Id"), 2, "FaceId",
                       '00000000-0000-0000-0000-000000000000', now()
                FROM "FaceRemovals";
                """);

            migrationBuilder.DropTable(
                name: "FaceRemovals");
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FaceId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaceRemovals", x => x.Id);
                });
        }
    }
}
