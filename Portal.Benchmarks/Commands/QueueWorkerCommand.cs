using Microsoft.Extensions.DependencyInjection;
using Portal.Benchmarks.Support;
using Portal.Infrastructure;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Queue;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// queue-worker --data folder [--workers W] [--provider … --connection …]: a worker-only process for the queue
/// benchmark's --processes mode (started by it, not by hand). It loads the face index from the database, starts the
/// real queue workers, prints "ready", and runs until its standard input closes.
/// </summary>
internal static class QueueWorkerCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var data = arguments.Required("data");
        var settings = QueueCommand.Settings(arguments, data);
        await using var services = StandaloneServices.Build(settings, data);
        await services.InitialisePortalAsync();
        await services.GetRequiredService<FaceIndexReplica>().LoadAsync();
        var worker = services.GetRequiredService<QueueWorker>();
        await worker.StartAsync(CancellationToken.None);
        Console.WriteLine(WorkerProcesses.Ready);
        // The parent closes our input when its run is over (or dies): either way this process ends.
        await Console.In.ReadToEndAsync();
        await worker.StopAsync(CancellationToken.None);
        return 0;
    }
}
