using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PersonTemplates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "TemplateId",
                table: "Candidates",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CandidateSupports",
                columns: table => new
                {
                    CandidateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProbeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Similarity = table.Column<float>(type: "REAL", nullable: false),
                    AtOrAboveThreshold = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CandidateSupports", x => new { x.CandidateId, x.ProbeId });
                    table.ForeignKey(
                        name: "FK_CandidateSupports_Candidates_CandidateId",
                        column: x => x.CandidateId,
                        principalTable: "Candidates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PersonTemplates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FaceChangePosition = table.Column<long>(type: "INTEGER", nullable: false),
                    SearchedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonTemplates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PersonTemplates_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PersonTemplatePhotos",
                columns: table => new
                {
                    TemplateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProbeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProbeFaceId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonTemplatePhotos", x => new { x.TemplateId, x.ProbeId });
                    table.ForeignKey(
                        name: "FK_PersonTemplatePhotos_PersonTemplates_TemplateId",
                        column: x => x.TemplateId,
                        principalTable: "PersonTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PersonTemplatePhotos_Probes_ProbeId",
                        column: x => x.ProbeId,
                        principalTable: "Probes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_TemplateId",
                table: "Candidates",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_CandidateSupports_ProbeId",
                table: "CandidateSupports",
                column: "ProbeId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonTemplatePhotos_ProbeId",
                table: "PersonTemplatePhotos",
                column: "ProbeId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonTemplates_CaseId",
                table: "PersonTemplates",
                column: "CaseId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CandidateSupports");

            migrationBuilder.DropTable(
                name: "PersonTemplatePhotos");

            migrationBuilder.DropTable(
                name: "PersonTemplates");

            migrationBuilder.DropIndex(
                name: "IX_Candidates_TemplateId",
                table: "Candidates");

            migrationBuilder.DropColumn(
                name: "TemplateId",
                table: "Candidates");
        }
    }
}
