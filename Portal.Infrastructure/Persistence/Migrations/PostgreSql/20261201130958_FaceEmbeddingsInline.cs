using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.PostgreSql
{
    /// <summary>
    /// Keeps each 2 KB embedding in its face's row instead of PostgreSQL's out-of-line (TOAST) storage: float32
    /// numbers do not compress, and a process's start reads every embedding, so a million out-of-line lookups cost
    /// a third of the load's time (see docs/deployment.md, Sizing). A row of about 2.1 KB fits a page either way.
    /// </summary>
    public partial class FaceEmbeddingsInline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""ALTER TABLE "Faces" ALTER COLUMN "Embedding" SET STORAGE PLAIN;""");
            // Storage applies to values written from now on: rewrite the faces stored before, so they move inline too.
            migrationBuilder.Sql("""UPDATE "Faces" SET "Embedding" = "Embedding" || ''::bytea;""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""ALTER TABLE "Faces" ALTER COLUMN "Embedding" SET STORAGE EXTENDED;""");
        }
    }
}
