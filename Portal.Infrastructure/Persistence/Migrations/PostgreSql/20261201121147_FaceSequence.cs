using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class FaceSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "FaceSequence");

            // Faces stored before this migration keep their numbers; the sequence continues after the highest.
            migrationBuilder.Sql("""SELECT setval('"FaceSequence"', COALESCE((SELECT MAX("Sequence") FROM "Faces"), 0) + 1, false);""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropSequence(
                name: "FaceSequence");
        }
    }
}
