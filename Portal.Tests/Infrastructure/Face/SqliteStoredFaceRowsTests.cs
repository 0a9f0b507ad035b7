using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Portal.Infrastructure.Face;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>
/// SQLite's start-up load reads rows with its own statement, not Microsoft.Data.Sqlite's reader: it must read the ids
/// as EF Core writes them (upper-case text) and as a Guid parameter would (a 16-byte blob), within the open transaction.
/// </summary>
public sealed class SqliteStoredFaceRowsTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SqliteStoredFaceRowsTests()
    {
        _connection.Open();
        Execute("CREATE TABLE Faces (Id, GalleryId, Embedding)");
    }

    [Fact]
    public async Task IdsWrittenAsTextInEitherCaseOrAsBlobsAreReadWithTheirOwnEmbeddings()
    {
        var (upper, lower, blob, gallery) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        Insert(upper.ToString().ToUpperInvariant(), gallery.ToString().ToUpperInvariant(), Embedding(1));
        Insert(lower.ToString(), gallery.ToString(), Embedding(2));
        Insert(blob.ToByteArray(), gallery.ToByteArray(), Embedding(3));

        var loaded = await LoadAsync();

        Assert.Equal([(upper, gallery, 1), (lower, gallery, 2), (blob, gallery, 3)], loaded);
    }

    [Fact]
    public async Task ARowWithTheWrongSizeIsReportedAndTheRestLoad()
    {
        var (good, bad, gallery) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        Insert(bad.ToString().ToUpperInvariant(), gallery.ToString().ToUpperInvariant(), new byte[400]);
        Insert(good.ToString().ToUpperInvariant(), gallery.ToString().ToUpperInvariant(), Embedding(5));
        var refused = new List<(Guid, string)>();

        var loaded = await LoadAsync((id, exception) => refused.Add((id, exception.Message)));

        Assert.Equal([(good, gallery, 5)], loaded);
        var (refusedId, message) = Assert.Single(refused);
        Assert.Equal(bad, refusedId);
        Assert.Contains("400 bytes", message);
    }

    [Fact]
    public async Task AnIdThatIsNotAnIdentifierStopsTheLoadWithAClearMessage()
    {
        Insert("not-a-guid", Guid.NewGuid().ToString(), Embedding(1));

        var failure = await Assert.ThrowsAsync<FormatException>(() => LoadAsync());

        Assert.Contains("holds no identifier", failure.Message);
    }

    [Fact]
    public async Task TheRowsAreThoseOfTheOpenTransactionNotLaterCommits()
    {
        Insert(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Embedding(1));
        using var transaction = _connection.BeginTransaction();
        // Uncommitted within the transaction: a statement on the same connection must see it, as EF's own reader would.
        Insert(Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Embedding(2), transaction);

        Assert.Equal(2, (await LoadAsync()).Count);
        transaction.Rollback();
        Assert.Single(await LoadAsync());
    }

    private async Task<List<(Guid FaceId, Guid GalleryId, int Seed)>> LoadAsync(Action<Guid, ArgumentException>? refused = null)
    {
        using var index = new InMemoryFaceIndex();
        var chunk = new FaceChunk(index);
        await using (var rows = SqliteStoredFaceRows.Open(_connection, "SELECT Id, GalleryId, Embedding FROM Faces"))
        {
            while (await rows.ReadAsync(CancellationToken.None))
                rows.AddTo(chunk, refused);
        }
        await chunk.AddToIndexAsync(CancellationToken.None);
        // The seed is the one vector component set in the embedding: it tells whose embedding a face got.
        return index.StoredVectors().Select(s => (s.FaceId, s.GalleryId, Array.FindIndex(s.Vector, v => v > 0.5f))).ToList();
    }

    private static byte[] Embedding(int seed)
    {
        var vector = new float[InMemoryFaceIndex.Dimensions];
        vector[seed] = 1;
        return MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
    }

    private void Insert(object id, object gallery, byte[] embedding, SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO Faces VALUES ($id, $gallery, $embedding)";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$gallery", gallery);
        command.Parameters.AddWithValue("$embedding", embedding);
        command.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
