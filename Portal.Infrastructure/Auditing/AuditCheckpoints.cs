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
        await WriteLineAsync(checkpoint.ToLine(), cancellationToken);
        await MailAsync(checkpoint, cancellationToken);
    }

    /// <summary>
    /// Writes an expiry anchor's line, a copy of the database's anchor outside the database. Called inside the expiry's
    /// transaction, before the rows go: if the file cannot be written, nothing is deleted.
    /// </summary>
    public Task WriteAnchorAsync(AuditAnchor anchor, CancellationToken cancellationToken = default) =>
        WriteLineAsync(anchor.ToLine(), cancellationToken);

    /// <summary>Mails an anchor's line, after its transaction committed (a slow mail server must not hold the write lock).</summary>
    public Task MailAnchorAsync(AuditAnchor anchor, CancellationToken cancellationToken = default) =>
        SendAsync($"Reunite Portal audit expiry: entries up to sequence {anchor.Sequence}",
            $"{anchor.Count} of the oldest audit entries, ending at sequence {anchor.Sequence}, were deleted under the retention " +
            $"schedule (kept {anchor.PeriodDays} days). Keep this message: the chain is verified from this signed anchor on.\n\n" +
            $"Sequence:  {anchor.Sequence}\nHash:      {anchor.Hash}\nTime (UTC): {anchor.ExpiredAt.UtcDateTime:O}\n\n" +
            $"Anchor line (as in {FilePath}):\n{anchor.ToLine()}\n", cancellationToken);

    private async Task WriteLineAsync(string text, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var line = System.Text.Encoding.UTF8.GetBytes(text + "\n");
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
    }

    private Task<FileStream> OpenWithRetryAsync(FileMode mode, FileAccess access, FileShare share, CancellationToken cancellationToken) =>
        Common.LockedFile.OpenAsync(FilePath, mode, access, share, cancellationToken);

    private Task MailAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken) =>
        SendAsync($"Reunite Portal audit checkpoint: sequence {checkpoint.Sequence}",
            "The audit chain was verified intact up to this point. Keep this message: a later verification compares " +
            "the chain with it, and a chain that no longer reaches this sequence with this hash has lost or rewritten entries.\n\n" +
            $"Sequence:  {checkpoint.Sequence}\nHead hash: {checkpoint.HeadHash}\nTime (UTC): {checkpoint.At.UtcDateTime:O}\n\n" +
            $"Checkpoint line (as in {FilePath}):\n{checkpoint.ToLine()}\n", cancellationToken);

    private async Task SendAsync(string subject, string body, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.CheckpointMailTo))
            return;
        try
        {
            await emailSender.SendAsync(new EmailMessage(options.Value.CheckpointMailTo, subject, body), cancellationToken);
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

    /// <summary>
    /// Every checkpoint line in order; a line that does not parse or whose signature fails comes back as null. Expiry
    /// anchors' lines signed by the key are left out: they are copies of the database's anchors, not checkpoints.
    /// </summary>
    public async Task<IReadOnlyList<AuditCheckpoint?>> ReadAsync(CancellationToken cancellationToken = default) =>
        (await ReadLinesAsync(cancellationToken))
            .Where(line => AuditAnchor.Parse(line) is not { } anchor || !anchor.IsSignedBy(key.Bytes))
            .Select(line => AuditCheckpoint.Parse(line) is { } checkpoint && checkpoint.IsSignedBy(key.Bytes) ? checkpoint : null)
            .ToList();

    /// <summary>
    /// The highest sequence of the expiry anchors' lines signed by the key in this file (0 when none): what the file, not
    /// the database, says was verified and expired.
    /// </summary>
    public async Task<long> LatestAnchorLineAsync(CancellationToken cancellationToken = default) =>
        (await ReadLinesAsync(cancellationToken))
            .Select(AuditAnchor.Parse).Where(anchor => anchor is not null && anchor.IsSignedBy(key.Bytes))
            .Select(anchor => anchor!.Sequence).DefaultIfEmpty(0).Max();

    private async Task<IReadOnlyList<string>> ReadLinesAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(FilePath))
            return [];
        await using var stream = await OpenWithRetryAsync(FileMode.Open, FileAccess.Read, FileShare.Read, cancellationToken);
        using var reader = new StreamReader(stream);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToList();
    }
}
