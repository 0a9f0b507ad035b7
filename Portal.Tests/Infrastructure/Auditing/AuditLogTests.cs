using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Auditing;

public sealed class AuditLogTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task ChainVerifiesAfterManySequentialWrites()
    {
        await using var host = await InfrastructureHost.StartAsync(_data.Path);
        var log = host.Get<IAuditLog>();
        var before = await CountAsync(host);
        for (var i = 0; i < 300; i++)
            await log.RecordAsync("tester", "test.write", $"item:{i}", $"write number {i}");

        var result = await log.VerifyAsync();

        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(before + 300, result.RowsChecked);
    }

    [Fact]
    public async Task ConcurrentWritersFromTwoProcessesDoNotForkTheChain()
    {
        // Two service providers on one file stand for two processes: they share no lock in memory.
        await using var first = await InfrastructureHost.StartAsync(_data.Path);
        await using var second = await InfrastructureHost.StartAsync(_data.Path);
        var before = await CountAsync(first);
        var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var log = (writer % 2 == 0 ? first : second).Get<IAuditLog>();
            for (var i = 0; i < 40; i++)
                await log.RecordAsync($"writer-{writer}", "test.concurrent", $"item:{writer}:{i}", "parallel write");
        }));
        await Task.WhenAll(writers);

        var result = await first.Get<IAuditLog>().VerifyAsync();

        Assert.True(result.IsIntact, result.Reason);
        Assert.Equal(before + 320, result.RowsChecked);
        await using var db = await first.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var sequences = await db.AuditEntries.Select(e => e.Sequence).OrderBy(s => s).ToListAsync();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
    }

    [Fact]
    public async Task NamesTheExactRowAlteredDirectlyInTheDatabase()
    {
        await using var host = await InfrastructureHost.StartAsync(_data.Path);
        var log = host.Get<IAuditLog>();
        var before = await CountAsync(host);
        for (var i = 0; i < 50; i++)
            await log.RecordAsync("tester", "test.write", $"item:{i}", $"write number {i}");
        var victim = before + 23;

        await using (var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE \"AuditEntries\" SET \"Details\" = 'rewritten' WHERE \"Sequence\" = {victim}");
        var result = await log.VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(victim, result.BrokenSequence);
        Assert.Equal("its content does not match its keyed hash (altered, or rehashed without the key)", result.Reason);
    }

    [Fact]
    public async Task NamesTheRowAfterADeletedOne()
    {
        await using var host = await InfrastructureHost.StartAsync(_data.Path);
        var log = host.Get<IAuditLog>();
        for (var i = 0; i < 10; i++)
            await log.RecordAsync("tester", "test.write", $"item:{i}", "x");
        var count = await CountAsync(host);

        await using (var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {count - 3}");
        var result = await log.VerifyAsync();

        Assert.Equal(count - 2, result.BrokenSequence);
    }

    [Fact]
    public async Task AnUntouchedChainVerifiesAndLeavesASignedCheckpointAtItsHead()
    {
        await using var host = await InfrastructureHost.StartAsync(_data.Path);
        await host.Get<IAuditLog>().RecordAsync("tester", "test.write", "item", "x");

        var result = await host.Get<IAuditLog>().VerifyAsync();

        Assert.True(result.IsIntact, result.Reason);
        var checkpoint = Assert.IsType<AuditCheckpoint>((await host.Get<AuditCheckpoints>().ReadAsync())[^1]);
        Assert.Equal(await CountAsync(host), checkpoint.Sequence);
    }

    [Fact]
    public async Task DeletingTheNewestEntriesAfterACheckpointIsReportedAsMissingEntries()
    {
        await using var host = await InfrastructureHost.StartAsync(_data.Path);
        var log = host.Get<IAuditLog>();
        for (var i = 0; i < 30; i++)
            await log.RecordAsync("tester", "test.write", $"item:{i}", "x");
        Assert.True((await log.VerifyAsync()).IsIntact);
        var count = await CountAsync(host);

        await ExecuteAsync(host, $"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > {count - 20}");
        var result = await log.VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(count - 19, result.BrokenSequence);
        Assert.StartsWith("missing entries: the chain ends at sequence " + (count - 20), result.Reason);
    }

    [Fact]
    public async Task AnEntryRewrittenWithPlainSha256HashesFailsAtThatEntry()
    {
        await using var host = await InfrastructureHost.StartAsync(_data.Path);
        var log = host.Get<IAuditLog>();
        for (var i = 0; i < 20; i++)
            await log.RecordAsync("tester", "test.write", $"item:{i}", "x");
        var victim = await CountAsync(host) - 10;

        await RewriteFromAsync(host, victim, key: null);
        var result = await log.VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(victim, result.BrokenSequence);
        Assert.Contains("keyed hash", result.Reason);
    }

    [Fact]
    public async Task ATailRewrittenEvenWithTheKeyContradictsTheCheckpoint()
    {
        await using var host = await InfrastructureHost.StartAsync(_data.Path);
        var log = host.Get<IAuditLog>();
        for (var i = 0; i < 20; i++)
            await log.RecordAsync("tester", "test.write", $"item:{i}", "x");
        Assert.True((await log.VerifyAsync()).IsIntact);
        var count = await CountAsync(host);

        await RewriteFromAsync(host, count - 5, host.Get<AuditKey>().Bytes);
        var result = await log.VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(count, result.BrokenSequence);
        Assert.StartsWith("rewritten tail", result.Reason);
    }

    /// <summary>Changes one entry's details and rehashes it and every later entry, as someone with write access would.</summary>
    private static async Task RewriteFromAsync(InfrastructureHost host, long from, byte[]? key)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence >= from).OrderBy(e => e.Sequence).ToListAsync();
        var previous = await db.AuditEntries.Where(e => e.Sequence == from - 1).Select(e => e.Hash).SingleAsync();
        foreach (var entry in entries)
        {
            var details = entry.Sequence == from ? "rewritten" : entry.Details;
            var hash = AuditChain.ComputeHash(key, entry.Sequence, entry.Timestamp, entry.Actor, entry.Action, entry.Target, details, entry.OrganisationId, previous);
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"UPDATE \"AuditEntries\" SET \"Details\" = {details}, \"PreviousHash\" = {previous}, \"Hash\" = {hash} WHERE \"Sequence\" = {entry.Sequence}");
            previous = hash;
        }
    }

    private static async Task ExecuteAsync(InfrastructureHost host, FormattableString sql)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await db.Database.ExecuteSqlInterpolatedAsync(sql);
    }

    private static async Task<long> CountAsync(InfrastructureHost host)
    {
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.LongCountAsync();
    }

    public void Dispose() => _data.Dispose();
}
