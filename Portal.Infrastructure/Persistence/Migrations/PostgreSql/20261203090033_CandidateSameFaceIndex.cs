using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CandidateSameFaceIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Candidates_CaseId_FaceId_FoundAt_ProbeFaceId_Rank",
                table: "Candidates",
                columns: new[] { "CaseId", "FaceId", "FoundAt", "ProbeFaceId", "Rank" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Candidates_CaseId_FaceId_FoundAt_ProbeFaceId_Rank",
                table: "Candidates");
        }
    }
}
