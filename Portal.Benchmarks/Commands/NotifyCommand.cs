using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Benchmarks.Support;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Common.Relay;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Queue;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// notify --connection "Host=…;Database=…;Username=…" [--messages 500]: two portal service sets (standing for two
/// processes) on one PostgreSQL database, each with its change listener; one publishes a message at a time and the
/// time until the other's subscriber hears it is measured. Reports median and p99 publish-to-delivered latency.
/// </summary>
internal static class NotifyCommand
{
    private const int Warmup = 20;

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var connection = arguments.Required("connection");
        var messages = arguments.Int("messages", 500);
        var data = Directory.CreateTempSubdirectory("reunite-notify-bench").FullName;
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Portal:DataDirectory"] = data, ["Portal:Database:Provider"] = "PostgreSQL", ["ConnectionStrings:Portal"] = connection,
            };
            await using var sender = StandaloneServices.Build(settings, data);
            await using var receiver = StandaloneServices.Build(settings, data);
            var listener = receiver.GetRequiredService<PostgreSqlRelayListener>();
            await listener.StartAsync(CancellationToken.None);
            while (!listener.IsListening)
                await Task.Delay(10);

            var latencies = await MeasureAsync(sender.GetRequiredService<Notifier<JobsChanged>>(),
                receiver.GetRequiredService<Notifier<JobsChanged>>(), Warmup + messages);
            await listener.StopAsync(CancellationToken.None);
            var measured = latencies.Skip(Warmup).ToList();
            var (median, p99, max) = (Stats.Median(measured), Stats.Percentile(measured, 0.99), measured.Max());
            Console.WriteLine(Invariant($"RESULT notify messages={measured.Count} median_ms={median:0.00} p99_ms={p99:0.00} max_ms={max:0.00}"));
            JsonReport.WriteIfAsked(arguments, new Dictionary<string, object?>
            {
                ["messages"] = measured.Count, ["median_ms"] = median, ["p99_ms"] = p99, ["max_ms"] = max,
            });
            return 0;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>One message at a time, so each latency is the relay's own and not a queue's.</summary>
    private static async Task<List<double>> MeasureAsync(Notifier<JobsChanged> publisher, Notifier<JobsChanged> subscriber, int count)
    {
        var latencies = new List<double>(count);
        TaskCompletionSource<Guid>? arrived = null;
        Guid expected = default;
        using var subscription = subscriber.Subscribe(message =>
        {
            if (message.OrganisationId == expected)
                arrived?.TrySetResult(expected);
            return Task.CompletedTask;
        });
        for (var i = 0; i < count; i++)
        {
            expected = Guid.NewGuid();
            arrived = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
            var clock = Stopwatch.StartNew();
            await publisher.PublishAsync(new JobsChanged(expected));
            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        return latencies;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
