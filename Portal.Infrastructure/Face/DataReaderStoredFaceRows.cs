using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Reads a load's rows through EF's command pipeline (PostgreSQL): Npgsql copies a blob from the row it already holds
/// into a reused buffer and reads a uuid without a string, so no array is made per row.
/// </summary>
internal sealed class DataReaderStoredFaceRows(RelationalDataReader rows) : IStoredFaceRows
{
    private readonly DbDataReader _reader = rows.DbDataReader;
    private readonly byte[] _embedding = new byte[FaceChunk.EmbeddingBytes];

    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken) => new(_reader.ReadAsync(cancellationToken));

    public bool AddTo(FaceChunk chunk, Action<Guid, ArgumentException>? refused)
    {
        var id = _reader.GetGuid(0);
        // With no buffer GetBytes gives the length: a wrong-sized value is refused without being read.
        var length = _reader.GetBytes(2, 0, null, 0, 0);
        if (length != FaceChunk.EmbeddingBytes)
        {
            refused?.Invoke(id, FaceChunk.WrongSize(id, length));
            return false;
        }
        _reader.GetBytes(2, 0, _embedding, 0, _embedding.Length);
        return chunk.Add(id, _reader.GetGuid(1), _embedding, refused);
    }

    public async ValueTask DisposeAsync()
    {
        Array.Clear(_embedding); // a copy of biometric data
        await rows.DisposeAsync();
    }
}
