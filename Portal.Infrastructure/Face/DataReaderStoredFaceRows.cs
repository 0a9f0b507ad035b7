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
    // Large enough for either stored value (an embedding, or a code: FaceCodes.Bytes), reused row after row.
    private readonly byte[] _stored = new byte[Math.Max(FaceChunk.EmbeddingBytes, FaceCodes.Bytes)];

    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken) => new(_reader.ReadAsync(cancellationToken));

    public bool AddTo(IFaceChunk chunk, Action<Guid, ArgumentException>? refused)
    {
        var id = _reader.GetGuid(0);
        // With no buffer GetBytes gives the length: a wrong-sized value is refused without being read.
        var length = _reader.GetBytes(2, 0, null, 0, 0);
        if (length != chunk.StoredBytes)
            return chunk.AddWrongSize(id, length, refused);
        _reader.GetBytes(2, 0, _stored, 0, chunk.StoredBytes);
        return chunk.Add(id, _reader.GetGuid(1), _stored.AsSpan(0, chunk.StoredBytes), refused);
    }

    public async ValueTask DisposeAsync()
    {
        Array.Clear(_stored); // a copy of biometric data
        await rows.DisposeAsync();
    }
}
