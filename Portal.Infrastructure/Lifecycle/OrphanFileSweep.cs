using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// Runs <see cref="OrphanFiles"/> and <see cref="SentMailExpiry"/> once a day in processes that run workers (the first pass
/// a day after start), and logs the counts.
/// </summary>
internal sealed partial class OrphanFileSweep(OrphanFiles orphans, SentMailExpiry sentMail, IOptions<QueueOptions> queueOptions, TimeProvider timeProvider,
    ILogger<OrphanFileSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queueOptions.Value.RunWorkers)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromDays(1), timeProvider, stoppingToken);
                var result = await orphans.DeleteAsync(stoppingToken);
                LogSwept(logger, result.Incoming, result.Temporary, result.Photos, result.Crops);
                LogMailExpired(logger, await sentMail.DeleteDueAsync(stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A failed pass must not stop the process; the next day's pass tries again.
                LogFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Orphan files deleted: {Incoming} upload original(s), {Temporary} temporary file(s), {Photos} stored photo(s), {Crops} crop(s)")]
    private static partial void LogSwept(ILogger logger, int incoming, int temporary, int photos, int crops);

    [LoggerMessage(Level = LogLevel.Information, Message = "Copies of sent e-mail past the schedule's period deleted: {Count}")]
    private static partial void LogMailExpired(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The orphan file sweep failed; it runs again tomorrow")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
