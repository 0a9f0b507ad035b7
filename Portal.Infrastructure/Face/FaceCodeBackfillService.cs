using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Runs <see cref="FaceCodeBackfill"/> when this process's replica loaded faces that had no usable stored code
/// (<see cref="FaceIndexReplica.FacesWithoutCodes"/>): after an upgrade from a portal that kept none, or a change of
/// <see cref="FaceCodes.Format"/>. The next start then reads codes only. In the background: searches never wait for it.
/// </summary>
public sealed partial class FaceCodeBackfillService(FaceCodeBackfill backfill, ILogger<FaceCodeBackfillService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wanted = new(0, 1);

    /// <summary>Asks for a run; several asks before it starts make one run.</summary>
    public void Wake()
    {
        if (_wanted.CurrentCount == 0)
        {
            try { _wanted.Release(); }
            catch (SemaphoreFullException) { } // asked already
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _wanted.WaitAsync(stoppingToken);
                var written = await backfill.RunAsync(stoppingToken);
                LogWritten(logger, written);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Nothing is lost: the faces keep loading from their embeddings, and the next load asks again.
                LogFailed(logger, exception);
            }
        }
    }

    public override void Dispose()
    {
        _wanted.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored the index codes of {Written} face(s) that had none of the current format")]
    private static partial void LogWritten(ILogger logger, int written);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing the faces' index codes failed; faces without one keep loading from their embeddings")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
