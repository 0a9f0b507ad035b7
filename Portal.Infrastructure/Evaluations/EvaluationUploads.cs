using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Evaluations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;

namespace Portal.Infrastructure.Evaluations;

/// <summary>
/// A platform admin uploads an evaluation set: the zip is checked and unpacked under the data directory (only the
/// photos labels.csv names), then the run and its queue job are stored with the audit entry in one transaction.
/// Bad input stores nothing: the folder is deleted, the admin gets the reason, and the refusal is audited.
/// </summary>
public sealed class EvaluationUploads(
    IDbContextFactory<PortalDbContext> contextFactory,
    EvaluationFolders folders,
    JobQueue queue,
    AuditLog auditLog,
    IOptions<EvaluationOptions> options,
    IFreeDiskSpace disk,
    TimeProvider timeProvider)
{
    /// <summary>Shown when the disk failed under the upload; plain words, never the exception's text (it names server paths).</summary>
    public const string DiskProblem =
        "The set could not be saved: the server's disk reported an error (it may be full). Nothing was stored; try again later, or tell the platform team.";

    public async Task<Outcome<Guid>> UploadAsync(Actor actor, string? name, Stream zip, long? declaredBytes,
        CancellationToken cancellationToken = default)
    {
        if (AdminGuard.Refusal(actor, "upload evaluation sets") is { } refusal)
        {
            await AuditRefusalAsync(actor, "not a platform admin", cancellationToken);
            return Outcome<Guid>.Forbidden(refusal);
        }
        var id = Guid.NewGuid();
        try
        {
            var cleanName = (name ?? "").Trim();
            if (cleanName.Length is 0 or > EvaluationRun.MaxNameLength)
                throw new EvaluationZipException($"Give the set a name of 1 to {EvaluationRun.MaxNameLength} characters.", "no name");
            var limits = options.Value;
            if (declaredBytes > limits.MaxZipBytes)
                throw new EvaluationZipException($"The zip is larger than {limits.MaxZipMegabytes} MB.", "zip too large");
            var zipPath = await SaveCappedAsync(zip, folders.Of(id), limits, cancellationToken);
            var labels = EvaluationZip.Extract(zipPath, folders.PhotosOf(id), limits, disk);
            File.Delete(zipPath);
            await File.WriteAllTextAsync(folders.LabelsOf(id), LabelsCsv.Write(labels), cancellationToken);
            await StoreAsync(actor, id, cleanName, labels.Photos.Count, cancellationToken);
            return Outcome<Guid>.Ok(id);
        }
        catch (Exception problem) when (problem is EvaluationZipException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(id);
            // Ids and a short fixed reason only: entry names can name people, and exception texts name server paths.
            var (message, reason) = problem switch
            {
                EvaluationZipException known => (known.Message, known.AuditReason),
                InvalidDataException => ("The zip is damaged: an entry could not be read.", "damaged zip"),
                _ => (DiskProblem, "disk error while saving"),
            };
            await AuditRefusalAsync(actor, reason, cancellationToken);
            return Outcome<Guid>.Invalid(message);
        }
        catch
        {
            DeleteQuietly(id);
            throw;
        }
    }

    private Task AuditRefusalAsync(Actor actor, string reason, CancellationToken cancellationToken) =>
        auditLog.RecordAsync(actor.Name, AuditActions.EvaluationRefused, "evaluation:upload", reason, actor.OrganisationId, cancellationToken);

    /// <summary>
    /// Best effort: a disk that failed the upload may fail the clean-up too. A folder left behind has no run, and the
    /// evaluation folder sweep removes it later.
    /// </summary>
    private void DeleteQuietly(Guid id)
    {
        try
        {
            folders.Delete(id);
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException)
        {
            // left to the sweep
        }
    }

    private async Task StoreAsync(Actor actor, Guid id, string name, int photos, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var run = new EvaluationRun { Id = id, Name = name, UploadedBy = actor.UserId, UploadedAt = timeProvider.GetUtcNow(), Photos = photos };
        // Platform work: no organisation (Guid.Empty), never held by a moratorium.
        run.JobId = queue.Stage(db, JobKind.Evaluate, id, Guid.Empty, actor.UserId).Id;
        db.EvaluationRuns.Add(run);
        await auditLog.SaveWithEntryAsync(db, actor.Name, AuditActions.EvaluationUploaded, $"evaluation:{id}", $"{photos} photos", null, cancellationToken);
        queue.Signal();
    }

    /// <summary>Copies the upload to the set's folder, counting the bytes really received against the limit.</summary>
    private static async Task<string> SaveCappedAsync(Stream zip, string folder, EvaluationOptions limits, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory.CreateDirectory(folder).FullName, "upload.zip");
        await using var target = File.Create(path);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await zip.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limits.MaxZipBytes)
                throw new EvaluationZipException($"The zip is larger than {limits.MaxZipMegabytes} MB.", "zip too large");
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return path;
    }
}
