using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Infrastructure.Face;

/// <summary>Fills the in-memory index from the database when the portal starts.</summary>
internal sealed partial class FaceIndexLoader(FaceStore store, ILogger<FaceIndexLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var count = await store.LoadAsync(cancellationToken);
        LogLoaded(logger, count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Face index loaded: {Count} face(s)")]
    private static partial void LogLoaded(ILogger logger, int count);
}
