using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Evaluations;

/// <summary>
/// Runs <see cref="EvaluationFolderSweep"/> every <see cref="EvaluationOptions.FolderSweepInterval"/> in processes that
/// run workers (the first pass one interval after start). Its own schedule: the sets are platform data, and their
/// photos must go even where no organisation has a retention sweep. A failed pass is logged and the next one tries
/// again; it never stops the process.
/// </summary>
public sealed partial class EvaluationFolderSweepService(
    EvaluationFolderSweep sweep,
    IOptions<EvaluationOptions> options,
    IOptions<QueueOptions> queueOptions,
    TimeProvider timeProvider,
    ILogger<EvaluationFolderSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!queueOptions.Value.RunWorkers)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.FolderSweepInterval, timeProvider, stoppingToken);
                var deleted = await sweep.DeleteLeftoversAsync(stoppingToken);
                if (deleted > 0)
                    LogSwept(logger, deleted);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation sets' folders left behind deleted: {Count}")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The evaluation folder sweep failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
