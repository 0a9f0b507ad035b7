using Portal.Infrastructure.Face;
using Portal.Tests.Support;
using static Portal.Tests.Support.FaceReplicaBed;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>
/// Issue 15 items 4 and 5: on PostgreSQL a committed face change wakes the other process's replica through the
/// relay, so it is applied long before the replica's next poll (here a minute away).
/// </summary>
public sealed class FaceChangeWakeTests
{
    private static readonly Dictionary<string, string?> PollEveryMinute = new()
    {
        ["Portal:FaceIndex:PollInterval"] = "00:01:00",
        ["Portal:FaceIndex:HeartbeatInterval"] = "00:00:05",
    };

    [PostgreSqlFact]
    public async Task AFaceAddedInOneProcessIsInTheOtherProcessesReplicaWithoutWaitingForItsPoll()
    {
        await using var hosts = await RelayedHosts.StartAsync(await TestDatabase.PostgreSqlAsync(), PollEveryMinute);
        await hosts.UntilListeningAsync();
        var replica = hosts.B.Get<FaceIndexReplicaService>();
        await replica.StartAsync(CancellationToken.None);
        try
        {
            // The replica's start-up load is done once it has reported itself.
            Assert.True(await EventuallyAsync(async () => (await hosts.B.Get<FaceReplicaReports>().ListAsync()).Count > 0, TimeSpan.FromSeconds(10)));
            var face = NewFace(Guid.NewGuid(), 7);

            await hosts.A.Get<FaceStore>().AddAsync([face]);

            Assert.True(await EventuallyAsync(() => Task.FromResult(hosts.B.Finds(face)), TimeSpan.FromSeconds(5)));
        }
        finally
        {
            await replica.StopAsync(CancellationToken.None);
        }
    }
}
