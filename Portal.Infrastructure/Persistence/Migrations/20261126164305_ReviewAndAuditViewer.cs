using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ReviewAndAuditViewer : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ClosedAt",
                table: "Candidates",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FoundAt",
                table: "Candidates",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "ReviewState",
                table: "Candidates",
                type: "TEXT",
                maxLength: 30,
                nullable: false,
                defaultValue: "Pending");

            migrationBuilder.AddColumn<int>(
                name: "ReviewVersion",
                table: "Candidates",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ReviewDecisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CandidateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ReviewerName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Counted = table.Column<bool>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReviewDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReviewDecisions_Candidates_CandidateId",
                        column: x => x.CandidateId,
                        principalTable: "Candidates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            // Candidates found before review existed: found when their probe's search finished.
            migrationBuilder.Sql("UPDATE Candidates SET FoundAt = COALESCE((SELECT SearchedAt FROM Probes WHERE Probes.Id = Candidates.ProbeId), 0);");

            migrationBuilder.CreateIndex(
                name: "IX_Candidates_OrganisationId_ReviewState_FoundAt",
                table: "Candidates",
                columns: new[] { "OrganisationId", "ReviewState", "FoundAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewDecisions_CandidateId_ReviewerId",
                table: "ReviewDecisions",
                columns: new[] { "CandidateId", "ReviewerId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReviewDecisions");

            migrationBuilder.DropIndex(
                name: "IX_Candidates_OrganisationId_ReviewState_FoundAt",
                table: "Candidates");

            migrationBuilder.DropColumn(
                name: "ClosedAt",
                table: "Candidates");

            migrationBuilder.DropColumn(
                name: "FoundAt",
                table: "Candidates");

            migrationBuilder.DropColumn(
                name: "ReviewState",
                table: "Candidates");

            migrationBuilder.DropColumn(
                name: "ReviewVersion",
                table: "Candidates");
        }
    }
}
