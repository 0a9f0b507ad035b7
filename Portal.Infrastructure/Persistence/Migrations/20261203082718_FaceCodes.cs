using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FaceCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FaceCodes",
                columns: table => new
                {
                    FaceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GalleryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PipelineVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Format = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<byte[]>(type: "BLOB", maxLength: 588, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FaceCodes", x => x.FaceId);
                    table.ForeignKey(
                        name: "FK_FaceCodes_Faces_FaceId",
                        column: x => x.FaceId,
                        principalTable: "Faces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FaceCodes");
        }
    }
}
