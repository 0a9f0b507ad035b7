using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Common.Relay;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Common;

/// <summary>Issue 15 item 4: on PostgreSQL a published message reaches every process's notifiers; on SQLite it stays local.</summary>
public sealed class NotifierRelayTests
{
    [PostgreSqlFact]
    public async Task AMessagePublishedInOneHostReachesTheSubscribersOfBothHostsExactlyOnceWithinTwoSeconds()
    {
        await using var hosts = await RelayedHosts.StartAsync(await TestDatabase.PostgreSqlAsync());
        await hosts.UntilListeningAsync();
        var organisation = Guid.NewGuid();
        var inA = Record(hosts.A);
        var inB = Record(hosts.B);

        await hosts.A.Get<Notifier<JobsChanged>>().PublishAsync(new JobsChanged(organisation));

        await RelayedHosts.Until(() => !inB.IsEmpty, seconds: 2);
        await Task.Delay(300); // a duplicate would arrive about as fast as the message did
        Assert.Equal([new JobsChanged(organisation)], inA);
        Assert.Equal([new JobsChanged(organisation)], inB);
    }

    [PostgreSqlFact]
    public async Task TheListenerReconnectsAfterItsConnectionIsKilledCatchesUpAndDeliversLaterMessages()
    {
        var database = await TestDatabase.PostgreSqlAsync();
        await using var hosts = await RelayedHosts.StartAsync(database, new Dictionary<string, string?> { ["Portal:Relay:ReconnectDelay"] = "00:00:00.100" });
        await hosts.UntilListeningAsync();
        var mine = Guid.NewGuid();
        var heardInB = new ConcurrentQueue<ReviewsChanged>();
        // A filtered subscriber, like a review queue page: the catch-up reaches it although it names no organisation.
        using var _ = hosts.B.Get<Notifier<ReviewsChanged>>().Subscribe(m => { heardInB.Enqueue(m); return Task.CompletedTask; },
            change => change.OrganisationId == mine);

        await KillAsync(database, RelayedHosts.Listener(hosts.B).ServerProcessId!.Value);
        await RelayedHosts.Until(() => RelayedHosts.Listener(hosts.B).Connections == 2 && RelayedHosts.Listener(hosts.B).IsListening);
        await RelayedHosts.Until(() => heardInB.Count == 1);
        await hosts.A.Get<Notifier<ReviewsChanged>>().PublishAsync(new ReviewsChanged(mine));

        await RelayedHosts.Until(() => heardInB.Count == 2, seconds: 2);
        Assert.Equal([new ReviewsChanged(null), new ReviewsChanged(mine)], heardInB);
    }

    [PostgreSqlFact]
    public async Task AScheduleChangeFromAnotherProcessMakesThisProcessForgetTheScheduleItCachedBeforeItsPagesReRead()
    {
        var database = await TestDatabase.PostgreSqlAsync();
        await using var hosts = await RelayedHosts.StartAsync(database);
        await hosts.UntilListeningAsync();
        var schedule = hosts.B.Get<MoratoriumSchedule>();
        var cached = (await schedule.AllAsync()).Count;
        var readOnHearing = new TaskCompletionSource<int>();
        using var _ = hosts.B.Get<Notifier<ScheduleChanged>>().Subscribe(async _ => readOnHearing.TrySetResult((await schedule.AllAsync()).Count));
        var now = hosts.A.Get<TimeProvider>().GetUtcNow();
        var added = new Moratorium
        {
            Title = "Written by another process", Sectors = [Sector.LawEnforcement], StartsAt = now.AddDays(1),
            Revisions = [new MoratoriumRevision { At = now, Actor = "tester", Change = "created", Reason = "a test" }],
        };
        await using (var db = await hosts.A.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.Moratoria.Add(added);
            await db.SaveChangesAsync();
        }

        await hosts.A.Get<Notifier<ScheduleChanged>>().PublishAsync(new ScheduleChanged(added.Id));

        Assert.Equal(cached + 1, await readOnHearing.Task.WaitAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task OnSqliteTwoHostsOnOneDatabaseStayLocalWithoutErrorAndWithoutRelay()
    {
        using var data = new TempDirectory();
        // Named, not the harness's default: the PostgreSQL test assembly runs this class too.
        await using var a = await InfrastructureHost.StartAsync(data.Path, database: TestDatabase.Sqlite);
        await using var b = await InfrastructureHost.StartAsync(data.Path, database: TestDatabase.Sqlite);
        await a.Get<PostgreSqlRelayListener>().StartAsync(CancellationToken.None);
        await b.Get<PostgreSqlRelayListener>().StartAsync(CancellationToken.None);
        var inA = Record(a);
        var inB = Record(b);

        await a.Get<Notifier<JobsChanged>>().PublishAsync(new JobsChanged(null));
        await Task.Delay(500);

        Assert.Same(LocalOnlyRelay.Instance, a.Get<INotifierRelay>());
        // The listener ends at once on SQLite, without error (its body runs on the thread pool: awaited, not sampled).
        await a.Get<PostgreSqlRelayListener>().ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(a.Get<PostgreSqlRelayListener>().ExecuteTask!.IsCompletedSuccessfully);
        Assert.Single(inA);
        Assert.Empty(inB);
    }

    [Fact]
    public void AMessageTooLargeForNotifyTravelsAsItsKindsAnythingChanged()
    {
        var kind = RelayedMessages.For(typeof(JobsChanged))!;

        var payload = RelayEnvelope.Encode(kind, new string('x', RelayEnvelope.MaxPayloadBytes), Guid.NewGuid());

        Assert.Equal(kind.AnythingJson, RelayEnvelope.Decode(payload)!.Message);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(payload) < 8000);
    }

    private static ConcurrentQueue<JobsChanged> Record(InfrastructureHost host)
    {
        var heard = new ConcurrentQueue<JobsChanged>();
        host.Get<Notifier<JobsChanged>>().Subscribe(m => { heard.Enqueue(m); return Task.CompletedTask; });
        return heard;
    }

    private static async Task KillAsync(TestDatabase database, int serverProcessId)
    {
        await using var connection = new NpgsqlConnection(database.Settings["ConnectionStrings:Portal"]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
        command.Parameters.AddWithValue("pid", serverProcessId);
        Assert.True((bool)(await command.ExecuteScalarAsync())!);
    }
}
