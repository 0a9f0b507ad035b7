using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Infrastructure.Uploads;

/// <summary>
/// Runs <see cref="StoredImageCleaner"/> once, in the background, when the portal starts: photos stored before
/// metadata stripping are rewritten without delaying start-up. Each start repeats the check, which is cheap and
/// changes nothing once every file is clean.
/// </summary>
internal sealed partial class StoredImageCleanupService(StoredImageCleaner cleaner, ILogger<StoredImageCleanupService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var cleanup = await cleaner.CleanAsync(stoppingToken);
            LogDone(logger, cleanup.Checked, cleanup.Rewritten, cleanup.Unreadable);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the next start finishes the pass.
        }
        catch (Exception exception)
        {
            // A failed pass must not stop the portal (an unhandled error in a background service would); the next start retries.
            LogFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The pass over stored photos failed; it runs again at the next start")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored photos checked: {Checked}; rewritten without metadata: {Rewritten}; unreadable, left in place: {Unreadable}")]
    private static partial void LogDone(ILogger logger, int @checked, int rewritten, int unreadable);
}
