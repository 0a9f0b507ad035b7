using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reach = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Requester = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedByPlatformAdmin = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Threshold = table.Column<float>(type: "REAL", nullable: false),
                    PhotosSearched = table.Column<int>(type: "INTEGER", nullable: false),
                    ConfirmedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ConfirmedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CancelledBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true)
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
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GalleryId = table.Column<Guid>(type: "TEXT", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GalleryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ImageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Similarity = table.Column<float>(type: "REAL", nullable: false),
                    Selected = table.Column<bool>(type: "INTEGER", nullable: false),
                    HeldBy = table.Column<Guid>(type: "TEXT", nullable: true)
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
