using Portal.Domain.Auditing;
using Portal.Domain.Retention;
using static Portal.Tests.Infrastructure.Auditing.AuditExpiryBed;

namespace Portal.Tests.Infrastructure.Auditing;

/// <summary>The audit expiry at its edges: a period of zero, a chain with nothing left, and a chain already broken.</summary>
public sealed class AuditExpiryEdgeTests : IAsyncLifetime
{
    private AuditExpiryBed _bed = null!;

    public async Task InitializeAsync() => _bed = await StartAsync();

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task APeriodBelowAYearWrittenIntoTheDatabaseExpiresNothingAndTheRefusalIsRecorded()
    {
        // The editor refuses it; a row changed in the database directly would otherwise empty the whole log behind
        // properly signed anchors, the record of the change included.
        var written = await _bed.WriteAsync("old", 4);
        await _bed.ExecuteAsync($"UPDATE \"RetentionRules\" SET \"MaxDays\" = 0 WHERE \"Kind\" = {nameof(DataKind.AuditEntries)}");
        _bed.Clock.Advance(TimeSpan.FromDays(2));

        var result = await _bed.Expiry.RunAsync();

        Assert.Equal(0, result.Count);
        Assert.Contains("below the minimum of 365 days", result.Refusal);
        Assert.Empty(await _bed.AnchorsAsync());
        var after = await _bed.EntriesAsync();
        Assert.All(written, entry => Assert.Contains(after, kept => kept.Sequence == entry.Sequence && kept.Hash == entry.Hash));
        Assert.Equal(AuditActions.AuditExpiryRefused, after[^1].Action);
    }

    [Fact]
    public async Task AnEntryWrittenWhenNoneIsLeftFollowsTheAnchorNotGenesis()
    {
        await _bed.TwoGroupsAsync();
        await _bed.Expiry.RunAsync();
        var anchor = Assert.Single(await _bed.AnchorsAsync());
        await _bed.ExecuteAsync($"DELETE FROM \"AuditEntries\"");

        await _bed.Log.RecordAsync("tester", "test.write", "after:0", "written on an empty chain");

        var entry = Assert.Single(await _bed.EntriesAsync());
        Assert.Equal((anchor.Sequence + 1, anchor.Hash), (entry.Sequence, entry.PreviousHash));
    }

    [Fact]
    public async Task AnAlteredEntryAmongThoseDueStopsTheExpiryAndNothingIsDeleted()
    {
        var (old, _) = await _bed.TwoGroupsAsync();
        await _bed.ExecuteAsync($"UPDATE \"AuditEntries\" SET \"Details\" = 'rewritten' WHERE \"Sequence\" = {old[2].Sequence}");
        var before = await _bed.EntriesAsync();

        var result = await _bed.Expiry.RunAsync();

        Assert.Equal(0, result.Count);
        Assert.Contains($"does not verify at sequence {old[2].Sequence}", result.Refusal);
        Assert.Empty(await _bed.AnchorsAsync());
        var after = await _bed.EntriesAsync();
        Assert.Equal(before.Select(e => e.Hash), after.Take(before.Count).Select(e => e.Hash));
        Assert.Equal(AuditActions.AuditExpiryRefused, after[^1].Action);
    }
}
