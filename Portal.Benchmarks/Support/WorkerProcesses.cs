using System.Diagnostics;

namespace Portal.Benchmarks.Support;

/// <summary>
/// Real worker OS processes for the queue benchmark: this benchmark executable again, with the queue-worker command,
/// on the same data folder and database. Each has its own runtime, connection pool, face index and CPU time.
/// </summary>
internal sealed class WorkerProcesses(IReadOnlyList<Process> processes) : IDisposable
{
    public const string Ready = "queue-worker ready";

    /// <summary>CPU time used so far by all the worker processes.</summary>
    public TimeSpan ProcessorTime => processes.Aggregate(TimeSpan.Zero, (sum, p) => { p.Refresh(); return sum + p.TotalProcessorTime; });

    public static async Task<WorkerProcesses> StartAsync(int count, IEnumerable<string> forwarded, string data)
    {
        var started = new List<Process>();
        for (var i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { "queue-worker", "--data", data }.Concat(forwarded))
                start.ArgumentList.Add(arg);
            var process = Process.Start(start)!;
            started.Add(process);
            // Started one at a time and waited for: the index load is not part of any measured period.
            while (await process.StandardOutput.ReadLineAsync() is { } line && line != Ready)
                Console.WriteLine($"worker {process.Id}: {line}");
            if (process.HasExited)
                throw new InvalidOperationException($"worker process {process.Id} ended before it was ready");
        }
        return new WorkerProcesses(started);
    }

    public void Dispose()
    {
        foreach (var process in processes)
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
                process.Kill();
            process.Dispose();
        }
    }
}
