using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SubjectDeletionRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SubjectDeletionRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reach = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Requester = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordedByPlatformAdmin = table.Column<bool>(type: "boolean", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Threshold = table.Column<float>(type: "real", nullable: false),
                    PhotosSearched = table.Column<int>(type: "integer", nullable: false),
                    ConfirmedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ConfirmedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CancelledBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubjectDeletionRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubjectDeletionRequests_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SubjectDeletionGalleries",
                columns: table => new
                {
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    GalleryId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubjectDeletionGalleries", x => new { x.RequestId, x.GalleryId });
                    table.ForeignKey(
                        name: "FK_SubjectDeletionGalleries_SubjectDeletionRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "SubjectDeletionRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SubjectDeletionMatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    FaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    GalleryId = table.Column<Guid>(type: "uuid", nullable: false),
                    ImageId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Similarity = table.Column<float>(type: "real", nullable: false),
                    Selected = table.Column<bool>(type: "boolean", nullable: false),
                    HeldBy = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubjectDeletionMatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubjectDeletionMatches_SubjectDeletionRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "SubjectDeletionRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SubjectDeletionMatches_RequestId_FaceId",
                table: "SubjectDeletionMatches",
                columns: new[] { "RequestId", "FaceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SubjectDeletionMatches_RequestId_OrganisationId_Selected",
                table: "SubjectDeletionMatches",
                columns: new[] { "RequestId", "OrganisationId", "Selected" });

            migrationBuilder.CreateIndex(
                name: "IX_SubjectDeletionRequests_OrganisationId_RecordedAt",
                table: "SubjectDeletionRequests",
                columns: new[] { "OrganisationId", "RecordedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SubjectDeletionGalleries");

            migrationBuilder.DropTable(
                name: "SubjectDeletionMatches");

            migrationBuilder.DropTable(
                name: "SubjectDeletionRequests");
        }
    }
}
