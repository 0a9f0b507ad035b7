using Portal.Infrastructure;
using Portal.Infrastructure.Backup;

namespace Portal.Web.Hosting;

/// <summary>
/// <c>backup &lt;root&gt;</c>, <c>backup --expire &lt;root&gt;</c> and <c>restore &lt;backup folder&gt; [--force]</c>
/// (docs/backup.md): the same binary and settings as the portal, on the generic host like <see cref="WorkerHost"/>, but
/// no hosted service is started and no port opened; the process does the one thing, prints what it did and exits 0 or 1.
/// </summary>
internal static class BackupCommand
{
    private const string Usage = "Usage: backup <backup root> | backup --expire <backup root> | restore <backup folder> [--force]";

    /// <summary>Runs the command when the first argument names one; false (nothing done) otherwise.</summary>
    public static async Task<bool> RunIfRequestedAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("backup" or "restore"))
            return false;
        Environment.ExitCode = await RunAsync(args, Console.Out, Console.Error);
        return true;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var verb = args[0];
        var force = args.Contains("--force", StringComparer.Ordinal);
        var expireOnly = args.Contains("--expire", StringComparer.Ordinal);
        // The first plain argument after the verb is the folder; the rest (--Portal:... settings, --environment) go to configuration.
        var folder = args.Skip(1).FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (folder is null)
        {
            await error.WriteLineAsync(Usage);
            return 1;
        }
        var settings = args.Skip(1).Where(a => a != folder && a is not ("--force" or "--expire")).ToArray();
        using var host = CommandHost.Build(settings);
        try
        {
            return verb == "backup"
                ? await BackupAsync(host.Services, folder, expireOnly, output, error)
                : await RestoreAsync(host.Services, folder, force, output, error);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            await error.WriteLineAsync($"{verb} failed: {exception.Message}");
            return 1;
        }
    }

    private static async Task<int> BackupAsync(IServiceProvider services, string root, bool expireOnly, TextWriter output, TextWriter error)
    {
        if (!expireOnly)
        {
            var taken = await services.GetRequiredService<BackupService>().TakeAsync(root);
            if (!taken.Succeeded)
            {
                await error.WriteLineAsync($"Backup failed: {taken.Error}");
                return 1;
            }
            var manifest = taken.Value!.Manifest;
            await output.WriteLineAsync($"Backup written to {taken.Value.Folder}: {manifest.FileCount} file(s), {manifest.Provider}, " +
                $"migration {manifest.Migration}, deletion-log position {manifest.DeletionLogPosition}.");
            await output.WriteLineAsync("Not in it, keep them separately: the key-ring certificate and the audit key (a restore needs the same audit key).");
        }
        foreach (var expired in await services.GetRequiredService<BackupExpiry>().ExpireAsync(root))
            await output.WriteLineAsync($"Expired backup deleted: {expired}");
        return 0;
    }

    private static async Task<int> RestoreAsync(IServiceProvider services, string folder, bool force, TextWriter output, TextWriter error)
    {
        var restored = await RestoreRun.RunAsync(services, folder, force);
        if (!restored.Succeeded)
        {
            await error.WriteLineAsync($"Restore refused: {restored.Error}");
            return 1;
        }
        var report = restored.Value!;
        await output.WriteLineAsync($"Files restored:        {report.FilesRestored}");
        await output.WriteLineAsync($"Deletions re-applied:  {report.DeletionsReapplied}");
        await output.WriteLineAsync($"Trash moves replayed:  {report.TrashMovesReapplied}");
        await output.WriteLineAsync($"Audit chain intact:    {(report.ChainIntact ? "yes" : $"no ({report.ChainProblem})")}");
        await output.WriteLineAsync($"Photos opened:         {report.PhotosOpened}/{report.PhotosStored}");
        if (report.Healthy)
            return 0;
        await error.WriteLineAsync("Restored, but not healthy: see above. Is the audit key the one in use when the backup was taken?");
        return 1;
    }
}
