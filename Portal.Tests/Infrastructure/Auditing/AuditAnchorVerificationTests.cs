using Portal.Domain.Auditing;
using Portal.Infrastructure.Auditing;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Auditing.AuditExpiryBed;

namespace Portal.Tests.Infrastructure.Auditing;

/// <summary>
/// After an expiry the chain is verified from its signed anchor: rows cut after it, an anchor edited or deleted, are breaks
/// with a reason; and the one-time re-keying of a chain from before the key works around expiry in either order.
/// </summary>
public sealed class AuditAnchorVerificationTests : IAsyncLifetime
{
    private AuditExpiryBed _bed = null!;
    private List<AuditEntry> _old = null!;

    public async Task InitializeAsync()
    {
        _bed = await StartAsync();
        (_old, _) = await _bed.TwoGroupsAsync();
    }

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    private long Anchored => _old[^1].Sequence;

    [Fact]
    public async Task DeletingTheFirstEntryLeftAfterTheAnchorIsAGap()
    {
        await _bed.Expiry.RunAsync();
        await _bed.ExecuteAsync($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {Anchored + 1}");

        var result = await _bed.Log.VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(Anchored + 2, result.BrokenSequence);
        Assert.Equal($"right after the expiry anchor at sequence {Anchored}: sequence {Anchored + 2} follows {Anchored}: a row is missing or inserted", result.Reason);
    }

    [Fact]
    public async Task AnAnchorWhoseHashWasEditedIsNotSignedByTheKey()
    {
        await _bed.Expiry.RunAsync();
        await _bed.ExecuteAsync($"UPDATE \"AuditAnchors\" SET \"Hash\" = {new string('a', 64)}");

        var result = await _bed.Log.VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(Anchored, result.BrokenSequence);
        Assert.Equal($"the expiry anchor at sequence {Anchored} is not signed by the audit key (forged, or edited after it was written)", result.Reason);
    }

    [Fact]
    public async Task AMovedAnchorWithItsHashRecomputedWithoutTheKeyIsStillCaught()
    {
        await _bed.Expiry.RunAsync();
        // Someone with the database but not the key cuts one more entry and moves the anchor onto it.
        var next = (await _bed.EntriesAsync())[0];
        await _bed.ExecuteAsync($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {next.Sequence}");
        await _bed.ExecuteAsync($"UPDATE \"AuditAnchors\" SET \"Sequence\" = {next.Sequence}, \"Hash\" = {next.Hash}");

        var result = await _bed.Log.VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Contains("is not signed by the audit key", result.Reason);
    }

    [Fact]
    public async Task DeletingTheAnchorLeavesEntriesMissingThatNothingAccountsFor()
    {
        await _bed.Expiry.RunAsync();
        await _bed.ExecuteAsync($"DELETE FROM \"AuditAnchors\"");

        var result = await _bed.Log.VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(Anchored + 1, result.BrokenSequence);
        Assert.Equal($"missing entries: the chain begins at sequence {Anchored + 1}, and no expiry anchor accounts for entries 1–{Anchored}", result.Reason);
    }

    [Fact]
    public async Task CheckpointsAtOrBelowTheAnchorAreSatisfiedByIt()
    {
        // Each verification by an admin leaves a checkpoint and an entry that proves one was written (at least at the
        // previous such entry); the first pair expires, the second entry stays and asks for a checkpoint the anchor covers.
        await using var bed = await StartAsync();
        var admin = await ReviewScenario.ActorAsync(bed.Host.Services, TestAccounts.AdminEmail);
        Assert.True((await bed.Host.Get<AuditQueries>().VerifyAsync(admin)).Value!.IsIntact);
        var firstWitness = (await bed.EntriesAsync())[^1];
        bed.Clock.SetUtcNow(Start + TwoYears);
        Assert.True((await bed.Host.Get<AuditQueries>().VerifyAsync(admin)).Value!.IsIntact);
        bed.Clock.SetUtcNow(Start + SevenYears + TimeSpan.FromDays(1));
        Assert.Equal(firstWitness.Sequence, (await bed.Expiry.RunAsync()).LastSequence);

        Assert.True((await bed.Log.VerifyAsync()).IsIntact);
        // The anchor's line in the file is what satisfies them, not the database's row: without the file, the witness
        // entries ask for checkpoints nobody can show.
        File.Delete(bed.Host.Get<AuditCheckpoints>().FilePath);
        var result = await bed.Log.VerifyAsync();
        Assert.False(result.IsIntact);
        Assert.StartsWith("checkpoints missing", result.Reason);
    }

    [Fact]
    public async Task AnAnchorMadeWithAPeriodBelowTheMinimumIsABreakEvenWhenSigned()
    {
        await _bed.Expiry.RunAsync();
        var anchor = Assert.Single(await _bed.AnchorsAsync());
        var resigned = AuditAnchor.Create(_bed.Host.Get<AuditKey>().Bytes, anchor.Sequence, anchor.Hash, anchor.Count, 30, anchor.ExpiredAt);
        await _bed.ExecuteAsync($"UPDATE \"AuditAnchors\" SET \"PeriodDays\" = 30, \"Signature\" = {resigned.Signature} WHERE \"Sequence\" = {anchor.Sequence}");

        var result = await _bed.Log.VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Contains("shorter than the minimum of 365", result.Reason);
    }

    [Fact]
    public async Task RekeyingAfterAnExpiryIsNotNeededAndTheChainStillVerifies()
    {
        await _bed.Expiry.RunAsync();

        Assert.Equal(AuditRekeyOutcome.NotNeeded, await _bed.Host.Get<AuditChainRekeyer>().RekeyLegacyChainAsync());
        Assert.True((await _bed.Log.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task APlainChainBesideAnchorsIsARewriteAndIsNotResealed()
    {
        var anchor = (await _bed.Expiry.RunAsync()).LastSequence;
        var anchorHash = Assert.Single(await _bed.AnchorsAsync()).Hash;
        await _bed.ResealAsync(key: null, anchorHash);
        File.Delete(_bed.Host.Get<AuditCheckpoints>().FilePath);

        Assert.Equal(AuditRekeyOutcome.Refused, await _bed.Host.Get<AuditChainRekeyer>().RekeyLegacyChainAsync());

        var refusal = Assert.Single(await _bed.EntriesAsync(), e => e.Action == AuditActions.AuditRekeyRefused);
        Assert.Contains("expiry anchors show this chain was keyed", refusal.Details);
        Assert.Equal(anchor + 1, (await _bed.EntriesAsync())[0].Sequence);
    }

    [Fact]
    public async Task AChainFromBeforeTheKeyExpiresOnlyOnceItIsSealedAndThenVerifies()
    {
        await _bed.ResealAsync(key: null, AuditChain.GenesisHash);
        File.Delete(_bed.Host.Get<AuditCheckpoints>().FilePath);

        var refused = await _bed.Expiry.RunAsync();
        Assert.Equal(0, refused.Count);
        Assert.Contains("does not verify at sequence 1", refused.Refusal);
        Assert.Equal(1, (await _bed.EntriesAsync())[0].Sequence);

        Assert.Equal(AuditRekeyOutcome.Rekeyed, await _bed.Host.Get<AuditChainRekeyer>().RekeyLegacyChainAsync());
        var expired = await _bed.Expiry.RunAsync();

        Assert.Equal((1L, Anchored), (expired.FirstSequence, expired.LastSequence));
        var result = await _bed.Log.VerifyAsync();
        Assert.True(result.IsIntact, result.Reason);
    }
}
