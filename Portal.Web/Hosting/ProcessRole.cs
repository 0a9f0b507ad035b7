using Portal.Infrastructure.Options;

namespace Portal.Web.Hosting;

/// <summary>What one portal process does. Any number of each role may share one database.</summary>
internal enum ProcessRole
{
    /// <summary>The default: pages and endpoints, and queue workers in the same process.</summary>
    WebWithWorkers,

    /// <summary><c>Portal:Queue:RunWorkers=false</c>: pages and endpoints; the jobs it queues run elsewhere.</summary>
    WebOnly,

    /// <summary><c>--workers-only</c> (<see cref="WorkerHost"/>): the background services, no web host at all.</summary>
    WorkersOnly,
}

internal static class ProcessRoles
{
    public static ProcessRole OfWebProcess(QueueOptions queue) => queue.RunWorkers ? ProcessRole.WebWithWorkers : ProcessRole.WebOnly;

    /// <summary>The start-up report's line: an operator running many processes sees at once which one this is.</summary>
    public static string Describe(this ProcessRole role, QueueOptions queue) => role switch
    {
        ProcessRole.WebWithWorkers => $"web with queue workers ({queue.WorkerCount} workers)",
        ProcessRole.WebOnly => "web only (Portal:Queue:RunWorkers=false: queued work runs in other processes)",
        _ => $"workers only ({queue.WorkerCount} queue workers and the background services; no web endpoints, no listening port)",
    };
}
