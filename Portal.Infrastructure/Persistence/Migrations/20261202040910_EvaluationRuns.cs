using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EvaluationRuns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Jobs_Organisations_OrganisationId",
                table: "Jobs");

            migrationBuilder.CreateTable(
                name: "EvaluationRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UploadedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    JobId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Photos = table.Column<int>(type: "INTEGER", nullable: false),
                    Pairs = table.Column<int>(type: "INTEGER", nullable: true),
                    Threshold = table.Column<float>(type: "REAL", nullable: true),
                    PipelineVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    ReportJson = table.Column<string>(type: "TEXT", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PhotosDeletedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluationRuns", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRuns_State_CompletedAt",
                table: "EvaluationRuns",
                columns: new[] { "State", "CompletedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_EvaluationRuns_UploadedAt",
                table: "EvaluationRuns",
                column: "UploadedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EvaluationRuns");

            migrationBuilder.AddForeignKey(
                name: "FK_Jobs_Organisations_OrganisationId",
                table: "Jobs",
                column: "OrganisationId",
                principalTable: "Organisations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
