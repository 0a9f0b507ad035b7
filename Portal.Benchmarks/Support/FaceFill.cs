using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Portal.Infrastructure.Face;

namespace Portal.Benchmarks.Support;

/// <summary>
/// Fills the Faces table with synthetic normalised embeddings in the stored format (512 float32) as fast as each
/// provider allows: binary COPY on PostgreSQL, one prepared insert in one transaction on SQLite. Set-up only: the
/// benchmark measures the portal's load, not this. Rows are generated one at a time so the fill adds no peak memory.
/// </summary>
internal static class FaceFill
{
    private const string Columns = "\"Id\", \"Sequence\", \"GalleryId\", \"ImageId\", \"X\", \"Y\", \"Width\", \"Height\", \"DetectionScore\", \"Embedding\", \"CreatedAt\", \"PipelineVersion\"";

    /// <summary>The version the portal searches: the set-up process made it (an empty portal takes its build's version).</summary>
    private const string ActiveVersion = "SELECT \"ActiveVersion\" FROM \"FacePipelineState\"";

    public static async Task PostgreSqlAsync(string connectionString, int count, int galleries)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        int version;
        await using (var active = new NpgsqlCommand(ActiveVersion, connection))
            version = (int)(await active.ExecuteScalarAsync() ?? FacePipelineVersion.Current);
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY \"Faces\" ({Columns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (id, sequence, gallery, embedding) in Rows(count, galleries))
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(sequence, NpgsqlDbType.Bigint);
                await writer.WriteAsync(gallery, NpgsqlDbType.Uuid);
                await writer.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                for (var i = 0; i < 4; i++)
                    await writer.WriteAsync(0f, NpgsqlDbType.Real);
                await writer.WriteAsync(1f, NpgsqlDbType.Real);
                await writer.WriteAsync(embedding, NpgsqlDbType.Bytea);
                await writer.WriteAsync(DateTimeOffset.UnixEpoch, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(version, NpgsqlDbType.Integer);
            }
            await writer.CompleteAsync();
        }
        await using var analyse = new NpgsqlCommand("ANALYZE \"Faces\"", connection);
        await analyse.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Stores the index code of every face without one by binary COPY: the portal's own backfill (<see cref="FaceCodeBackfill"/>)
    /// writes through EF a batch at a time, about 4,000 faces/s here, which is an hour at ten million. Same codes, set-up only.
    /// </summary>
    public static async Task<int> PostgreSqlCodesAsync(string connectionString)
    {
        // No timeout: the first rows and the COPY's completion can each take minutes at ten million.
        var patient = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString;
        await using var reading = new NpgsqlConnection(patient);
        await using var writing = new NpgsqlConnection(patient);
        await reading.OpenAsync();
        await writing.OpenAsync();
        // Set-up only: the codes are read from the faces they point at, so the foreign key's check of each row (queued
        // to the end of the COPY, ten million of them) is skipped. Needs a superuser, as a benchmark database has.
        await using (var replica = new NpgsqlCommand("SET session_replication_role = replica", writing))
            await replica.ExecuteNonQueryAsync();
        await using var faces = new NpgsqlCommand("SELECT f.\"Id\", f.\"GalleryId\", f.\"PipelineVersion\", f.\"Embedding\" FROM \"Faces\" AS f " +
            $"WHERE NOT EXISTS (SELECT 1 FROM \"FaceCodes\" AS c WHERE c.\"FaceId\" = f.\"Id\" AND c.\"Format\" = {FaceCodes.Format})", reading);
        await using var rows = await faces.ExecuteReaderAsync();
        var written = 0;
        var vector = new float[InMemoryFaceIndex.Dimensions];
        var bytes = new byte[vector.Length * sizeof(float)];
        await using (var writer = await writing.BeginBinaryImportAsync("COPY \"FaceCodes\" (\"FaceId\", \"GalleryId\", \"PipelineVersion\", \"Format\", \"Code\") FROM STDIN (FORMAT BINARY)"))
        {
            while (await rows.ReadAsync())
            {
                rows.GetBytes(3, 0, bytes, 0, bytes.Length);
                Buffer.BlockCopy(bytes, 0, vector, 0, bytes.Length);
                await writer.StartRowAsync();
                await writer.WriteAsync(rows.GetGuid(0), NpgsqlDbType.Uuid);
                await writer.WriteAsync(rows.GetGuid(1), NpgsqlDbType.Uuid);
                await writer.WriteAsync(rows.GetInt32(2), NpgsqlDbType.Integer);
                await writer.WriteAsync(FaceCodes.Format, NpgsqlDbType.Integer);
                await writer.WriteAsync(FaceCodes.Encode(vector)!, NpgsqlDbType.Bytea);
                written++;
            }
            await writer.CompleteAsync();
        }
        return written;
    }

    public static void Sqlite(string connectionString, int count, int galleries)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var active = connection.CreateCommand();
        active.CommandText = ActiveVersion;
        var version = Convert.ToInt32(active.ExecuteScalar() ?? FacePipelineVersion.Current, CultureInfo.InvariantCulture);
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = $"INSERT INTO \"Faces\" ({Columns}) VALUES ($id, $sequence, $gallery, $image, 0, 0, 0, 0, 1, $embedding, 0, $version)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var sequence = insert.Parameters.Add("$sequence", SqliteType.Integer);
        var gallery = insert.Parameters.Add("$gallery", SqliteType.Text);
        var image = insert.Parameters.Add("$image", SqliteType.Text);
        var embedding = insert.Parameters.Add("$embedding", SqliteType.Blob);
        insert.Parameters.AddWithValue("$version", version);
        insert.Prepare();
        foreach (var row in Rows(count, galleries))
        {
            // EF Core's SQLite provider stores a Guid as upper-case text; a Guid parameter would be a blob.
            id.Value = Text(row.Id);
            sequence.Value = row.Sequence;
            gallery.Value = Text(row.Gallery);
            image.Value = Text(Guid.NewGuid());
            embedding.Value = row.Embedding;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    private static string Text(Guid id) => id.ToString().ToUpper(CultureInfo.InvariantCulture);

    private static IEnumerable<(Guid Id, long Sequence, Guid Gallery, byte[] Embedding)> Rows(int count, int galleries)
    {
        var random = new Random(15);
        var galleryIds = Enumerable.Range(0, galleries).Select(_ => Guid.NewGuid()).ToArray();
        var vector = new float[InMemoryFaceIndex.Dimensions];
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < count; i++)
        {
            for (var d = 0; d < vector.Length; d++)
                vector[d] = random.NextSingle() * 2 - 1;
            FaceEmbedder.Normalise(vector);
            Buffer.BlockCopy(vector, 0, bytes, 0, bytes.Length);
            yield return (Guid.NewGuid(), i + 1, galleryIds[i % galleries], bytes);
        }
    }
}
