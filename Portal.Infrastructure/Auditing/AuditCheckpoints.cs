using Portal.Domain.Auditing;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// The append-only file of signed checkpoints, outside the database. Each checkpoint is one line written in one call,
/// so two processes appending at once interleave whole lines.
/// </summary>
public sealed class AuditCheckpoints(AuditKey key, TimeProvider timeProvider)
{
    public string FilePath => key.CheckpointFile;

    public async Task AppendAsync(long sequence, string headHash, CancellationToken cancellationToken = default)
    {
        var checkpoint = AuditCheckpoint.Create(key.Bytes, sequence, headHash, timeProvider.GetUtcNow());
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        await using var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(checkpoint.ToLine() + "\n"), cancellationToken);
    }

    public bool Exists => File.Exists(FilePath);

    /// <summary>Every line in order; a line that does not parse or whose signature fails comes back as null.</summary>
    public async Task<IReadOnlyList<AuditCheckpoint?>> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(FilePath))
            return [];
        await using var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => AuditCheckpoint.Parse(line.TrimEnd('\r')) is { } checkpoint && checkpoint.IsSignedBy(key.Bytes) ? checkpoint : null)
            .ToList();
    }
}
