using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Retention;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Retention;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Auditing.AuditExpiryBed;

namespace Portal.Tests.Infrastructure.Auditing;

/// <summary>Audit entries leave under the published schedule, oldest first, behind a signed anchor the chain is verified from.</summary>
public sealed class AuditExpiryTests : IAsyncLifetime
{
    private AuditExpiryBed _bed = null!;

    public async Task InitializeAsync() => _bed = await StartAsync(
        new Dictionary<string, string?> { ["Portal:Audit:CheckpointMailTo"] = "auditor@regulator.example" });

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task EntriesPastSevenYearsGoBehindASignedAnchorAndTheChainStillVerifies()
    {
        var (old, young) = await _bed.TwoGroupsAsync();

        var result = await _bed.Expiry.RunAsync();

        Assert.Null(result.Refusal);
        Assert.Equal((old.Count, 1L, old[^1].Sequence), (result.Count, result.FirstSequence, result.LastSequence));
        var left = await _bed.EntriesAsync();
        Assert.Equal(young.Select(e => e.Hash), left.Take(young.Count).Select(e => e.Hash));
        var recorded = Assert.Single(left, e => e.Action == AuditActions.AuditExpired);
        Assert.Equal(left[^1].Sequence, recorded.Sequence);
        Assert.StartsWith($"sequences 1–{old[^1].Sequence} expired: {old.Count} entries written on or before", recorded.Details);
        Assert.Contains("retention period of 2555 days", recorded.Details);
        var anchor = Assert.Single(await _bed.AnchorsAsync());
        Assert.Equal((old[^1].Sequence, old[^1].Hash, old.Count, 2555), (anchor.Sequence, anchor.Hash, anchor.Count, anchor.PeriodDays));
        Assert.True(anchor.IsSignedBy(_bed.Host.Get<AuditKey>().Bytes));
        var verification = await _bed.Log.VerifyAsync();
        Assert.True(verification.IsIntact, verification.Reason);
        Assert.Equal(left.Count, verification.RowsChecked);
    }

    [Fact]
    public async Task TheAnchorIsCopiedToTheCheckpointFileAndMailed()
    {
        await _bed.TwoGroupsAsync();
        await _bed.Expiry.RunAsync();

        var anchor = Assert.Single(await _bed.AnchorsAsync());
        var file = await File.ReadAllTextAsync(_bed.Host.Get<AuditCheckpoints>().FilePath);
        Assert.Contains(anchor.ToLine(), file);
        var mail = Assert.Single(_bed.Host.Get<IMailPickup>().List(), m => m.Subject.Contains("audit expiry", StringComparison.Ordinal));
        Assert.Contains(anchor.ToLine(), mail.Body);
        // The anchor's line is no unsigned checkpoint: verifying reads the file and stays intact.
        Assert.True((await _bed.Log.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task TheViewerSummarisesTheExpiryForAdminsOnlyAndTheCsvExportStartsAfterTheAnchor()
    {
        var (old, _) = await _bed.TwoGroupsAsync();
        var admin = new Actor("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);
        var queries = _bed.Host.Get<AuditQueries>();
        Assert.Null((await queries.ExpirySummaryAsync(admin)).Value);
        await _bed.Expiry.RunAsync();

        var summary = (await queries.ExpirySummaryAsync(admin)).Value;
        var refused = await queries.ExpirySummaryAsync(new Actor("staff", "staff@thorn.example", Guid.NewGuid(), IsPlatformAdmin: false));
        var csv = new StringWriter();
        var exported = await queries.ExportCsvAsync(admin, new AuditFilter(), csv);

        Assert.Equal(new AuditExpirySummary(old[^1].Sequence, _bed.Clock.GetUtcNow(), 2555, 1), summary);
        Assert.Equal(OutcomeKind.Forbidden, refused.Kind);
        var rows = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(exported.Value + 1, rows.Length);
        Assert.StartsWith($"{old[^1].Sequence + 1},", rows[1]);
    }

    [Fact]
    public async Task RunningAgainChangesNothingMore()
    {
        await _bed.TwoGroupsAsync();
        await _bed.Expiry.RunAsync();
        var (entries, anchors) = (await _bed.EntriesAsync(), await _bed.AnchorsAsync());

        var again = await _bed.Expiry.RunAsync();

        Assert.Equal(AuditExpiryResult.Nothing, again);
        Assert.Equal(entries.Select(e => e.Hash), (await _bed.EntriesAsync()).Select(e => e.Hash));
        Assert.Equal(anchors.Select(a => a.Id), (await _bed.AnchorsAsync()).Select(a => a.Id));
    }

    [Fact]
    public async Task EntriesNotYetDueStayAndTheYoungerGroupGoesFiveYearsLater()
    {
        var (old, young) = await _bed.TwoGroupsAsync();
        Assert.Equal(old.Count, (await _bed.Expiry.RunAsync()).Count);

        _bed.Clock.SetUtcNow(Start + TwoYears + SevenYears + TimeSpan.FromSeconds(1));
        var second = await _bed.Expiry.RunAsync();

        Assert.Equal((old[^1].Sequence + 1, young[^1].Sequence), (second.FirstSequence, second.LastSequence));
        Assert.Equal([old[^1].Sequence, young[^1].Sequence], (await _bed.AnchorsAsync()).Select(a => a.Sequence));
        Assert.True((await _bed.Log.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task AShorterPeriodSetInTheScheduleTakesEffect()
    {
        var old = await _bed.WriteAsync("old", 4);
        _bed.Clock.SetUtcNow(Start + TimeSpan.FromDays(400));
        Assert.Equal(0, (await _bed.Expiry.RunAsync()).Count);
        var admin = await ReviewScenario.ActorAsync(_bed.Host.Services, TestAccounts.AdminEmail);
        var edited = await _bed.Host.Get<RetentionSchedule>().EditAsync(admin, DataKind.AuditEntries, 365, "A year is what our regulator asks for");
        Assert.True(edited.Succeeded, edited.Error);

        var result = await _bed.Expiry.RunAsync();

        Assert.Equal(old[^1].Sequence, result.LastSequence);
        Assert.Equal(365, Assert.Single(await _bed.AnchorsAsync()).PeriodDays);
        Assert.Contains(await _bed.EntriesAsync(), e => e.Action == AuditActions.RetentionEdited);
        Assert.True((await _bed.Log.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task ALargeBacklogGoesInBatchesEachBehindItsOwnAnchorAndIsRecordedOnce()
    {
        var (old, _) = await _bed.TwoGroupsAsync();

        var result = await _bed.Expiry.RunAsync(batchSize: 3);

        Assert.Equal(old.Count, result.Count);
        var anchors = await _bed.AnchorsAsync();
        Assert.Equal((old.Count + 2) / 3, anchors.Count);
        Assert.Equal(old.Count, anchors.Sum(a => a.Count));
        Assert.Equal(old[^1].Sequence, anchors[^1].Sequence);
        Assert.Single(await _bed.EntriesAsync(), e => e.Action == AuditActions.AuditExpired);
        Assert.True((await _bed.Log.VerifyAsync()).IsIntact);
    }
}
