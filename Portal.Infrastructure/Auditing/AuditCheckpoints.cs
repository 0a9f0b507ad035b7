using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Messaging;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// The append-only file of signed checkpoints, outside the database. Each checkpoint is one line written in one call,
/// under a lock, so two writers, in this process or another, interleave whole lines. When <c>Portal:Audit:CheckpointMailTo</c> is set, each
/// checkpoint is also mailed there, a copy that whoever controls this machine cannot take back.
/// </summary>
public sealed partial class AuditCheckpoints(
    AuditKey key, TimeProvider timeProvider, IOptions<AuditOptions> options, IEmailSender emailSender, ILogger<AuditCheckpoints> logger)
{
    public string FilePath => key.CheckpointFile;

    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task AppendAsync(long sequence, string headHash, CancellationToken cancellationToken = default)
    {
        var checkpoint = AuditCheckpoint.Create(key.Bytes, sequence, headHash, timeProvider.GetUtcNow());
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var line = System.Text.Encoding.UTF8.GetBytes(checkpoint.ToLine() + "\n");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // FileMode.Append finds the end once, at open, without O_APPEND: two writers at once could write at the same
            // offset and tear a line. The exclusive share (a whole-file lock between processes) makes them take turns.
            await using var stream = await OpenWithRetryAsync(FileMode.Append, FileAccess.Write, FileShare.None, cancellationToken);
            await stream.WriteAsync(line, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
        await MailAsync(checkpoint, cancellationToken);
    }

    private Task<FileStream> OpenWithRetryAsync(FileMode mode, FileAccess access, FileShare share, CancellationToken cancellationToken) =>
        Common.LockedFile.OpenAsync(FilePath, mode, access, share, cancellationToken);

    private async Task MailAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.CheckpointMailTo))
            return;
        try
        {
            await emailSender.SendAsync(new EmailMessage(options.Value.CheckpointMailTo,
                $"Reunite Portal audit checkpoint: sequence {checkpoint.Sequence}",
                "The audit chain was verified intact up to this point. Keep this message: a later verification compares " +
                "the chain with it, and a chain that no longer reaches this sequence with this hash has lost or rewritten entries.\n\n" +
                $"Sequence:  {checkpoint.Sequence}\nHead hash: {checkpoint.HeadHash}\nTime (UTC): {checkpoint.At.UtcDateTime:O}\n\n" +
                $"Checkpoint line (as in {FilePath}):\n{checkpoint.ToLine()}\n"), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The file holds the checkpoint already; a mail server that is down must not fail a verification.
            LogMailFailed(logger, options.Value.CheckpointMailTo, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not mail the audit checkpoint to {Address}")]
    private static partial void LogMailFailed(ILogger logger, string address, Exception exception);

    public bool Exists => File.Exists(FilePath);

    /// <summary>Every line in order; a line that does not parse or whose signature fails comes back as null.</summary>
    public async Task<IReadOnlyList<AuditCheckpoint?>> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(FilePath))
            return [];
        await using var stream = await OpenWithRetryAsync(FileMode.Open, FileAccess.Read, FileShare.Read, cancellationToken);
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => AuditCheckpoint.Parse(line.TrimEnd('\r')) is { } checkpoint && checkpoint.IsSignedBy(key.Bytes) ? checkpoint : null)
            .ToList();
    }
}
