using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Benchmarks.Support;
using Portal.Domain.Faces;
using Portal.Infrastructure;
using Portal.Infrastructure.Common.Relay;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Persistence;

namespace Portal.Benchmarks.Commands;

/// <summary>
/// replica-lag [--changes 500] [--poll 00:00:00.250] [--relay on|off] [--provider Sqlite|PostgreSQL --connection "…"]:
/// the face change log's lag. One service provider writes (alternately adding a face and removing it, each in its
/// own write transaction, then publishing as the portal does); a second one on the same database stands for another
/// process and runs its replica as the portal does: polling, and on PostgreSQL woken by the relayed FacesChanged
/// (LISTEN/NOTIFY; --relay off leaves it to polling). Each change is timed from its commit until the second replica
/// has applied it; reports median, p99 and max.
/// </summary>
internal static class ReplicaLagCommand
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var changes = arguments.Int("changes", 500);
        var poll = arguments.Optional("poll") ?? "00:00:00.250";
        var pollInterval = TimeSpan.Parse(poll, CultureInfo.InvariantCulture);
        var data = Directory.CreateTempSubdirectory("reunite-replica-bench").FullName;
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Portal:DataDirectory"] = data, ["Portal:SeedDemoData"] = "false", ["Portal:Admin:Password"] = "benchmark-password-1",
                ["Portal:Queue:Workers"] = "1", ["Portal:FaceIndex:PollInterval"] = poll,
            };
            foreach (var (key, value) in DatabaseArguments.Settings(arguments))
                settings[key] = value;
            var relay = (arguments.Optional("relay") ?? "on") != "off";
            await using var writer = StandaloneServices.Build(settings, data);
            await writer.InitialisePortalAsync();
            await using var reader = StandaloneServices.Build(settings, data);
            var service = reader.GetRequiredService<FaceIndexReplicaService>();
            await service.StartAsync(CancellationToken.None);
            // The reader's LISTEN connection (it does nothing on SQLite): measuring starts once it listens.
            var listener = reader.GetRequiredService<PostgreSqlRelayListener>();
            await listener.StartAsync(CancellationToken.None);
            while (settings.ContainsKey("ConnectionStrings:Portal") && !listener.IsListening)
                await Task.Delay(10);
            var replica = reader.GetRequiredService<FaceIndexReplica>();
            var store = writer.GetRequiredService<FaceStore>();
            var factory = writer.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            var random = new Random(15);
            var gallery = Guid.NewGuid();
            var lags = new List<double>();
            StoredFace? last = null;
            for (var i = 0; i < changes; i++)
            {
                await using var db = await factory.CreateDbContextAsync();
                await using (var transaction = await db.Database.BeginWriteTransactionAsync())
                {
                    if (last is null)
                        await store.StageAsync(db, [last = Face(gallery, random)], CancellationToken.None);
                    else
                    {
                        await store.StageRemovalAsync(db, [last.Id], CancellationToken.None);
                        last = null;
                    }
                    await db.SaveChangesAsync();
                    await transaction.CommitAsync();
                }
                var committed = Stopwatch.GetTimestamp();
                if (relay)
                    await store.PublishAsync();
                var position = await db.Set<FaceChange>().MaxAsync(c => c.Id);
                while (replica.AppliedPosition < position)
                    await Task.Delay(1);
                lags.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
                // The next change lands at a random phase of the replica's poll timer, not just after a poll.
                await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * pollInterval.TotalMilliseconds));
            }
            await listener.StopAsync(CancellationToken.None);
            await service.StopAsync(CancellationToken.None);
            Console.WriteLine(Invariant($"{(settings.ContainsKey("ConnectionStrings:Portal") ? "PostgreSQL" : "SQLite")}, relay {(relay ? "on" : "off")}, {changes} changes, poll {poll}: commit to applied on the second replica: median {Stats.Median(lags):0.0} ms, p99 {Stats.Percentile(lags, 0.99):0.0} ms, max {lags.Max():0.0} ms"));
            Console.WriteLine(Invariant($"RESULT replica-lag relay={(relay ? "on" : "off")} changes={changes} poll_ms={pollInterval.TotalMilliseconds:0} median_ms={Stats.Median(lags):0.0} p99_ms={Stats.Percentile(lags, 0.99):0.0} max_ms={lags.Max():0.0}"));
            JsonReport.WriteIfAsked(arguments, new Dictionary<string, object?>
            {
                ["changes"] = changes, ["pollMs"] = pollInterval.TotalMilliseconds,
                ["medianMs"] = Stats.Median(lags), ["p99Ms"] = Stats.Percentile(lags, 0.99), ["maxMs"] = lags.Max(),
            });
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    private static StoredFace Face(Guid gallery, Random random)
    {
        var vector = Enumerable.Range(0, 512).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        FaceEmbedder.Normalise(vector);
        return new StoredFace { GalleryId = gallery, ImageId = Guid.NewGuid(), Width = 100, Height = 100, DetectionScore = 1, Embedding = StoredFace.Pack(vector), PipelineVersion = FacePipelineVersion.Current };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
