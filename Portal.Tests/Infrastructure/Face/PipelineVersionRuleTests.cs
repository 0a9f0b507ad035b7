using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Faces;
using Portal.Domain.Queue;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>
/// A start only starts or retargets a re-index towards a version HIGHER than both the active one and the current target
/// (<see cref="PipelineVersionCheck"/>): processes set differently never supersede or cancel each other's re-index, and
/// no setting takes the portal back to a lower version.
/// </summary>
public sealed class PipelineVersionRuleTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Theory]
    [InlineData(2, 1, null, true)]  // a newer build: starts
    [InlineData(1, 1, null, false)] // the active version: nothing to do
    [InlineData(1, 2, null, false)] // lower than the active one: never back
    [InlineData(3, 1, 2, true)]     // higher than the re-index's target: retargets
    [InlineData(2, 1, 2, false)]    // the target itself: the running re-index goes on
    [InlineData(1, 1, 2, false)]    // the active version while a re-index runs: not cancelled
    [InlineData(2, 1, 3, false)]    // between the active one and the target: the target is not lowered
    [InlineData(3, 3, null, false)]
    [InlineData(2, 3, 4, false)]
    public void AStartReindexesOnlyTowardsAVersionHigherThanBothTheActiveOneAndTheTarget(int wanted, int active, int? target, bool starts) =>
        Assert.Equal(starts, PipelineVersionCheck.StartsReindex(wanted, active, target));

    [Fact]
    public void NoOrderOfStartsAndCompletionsEverLowersTheActiveVersionOrARunningTarget()
    {
        // Every order of five events: a process set to version 1 to 4 starts, or the re-index under way completes.
        var events = new[] { 1, 2, 3, 4, 0 };
        var orders = Enumerable.Range(0, 5).Aggregate(new[] { Array.Empty<int>() }.AsEnumerable(),
            (sequences, _) => sequences.SelectMany(s => events.Select(e => s.Append(e).ToArray())));
        foreach (var order in orders)
        {
            var (active, target) = (1, (int?)null);
            foreach (var step in order)
            {
                var (wasActive, wasTarget) = (active, target);
                if (step == 0 && target is { } done)
                    (active, target) = (done, null);
                else if (step > 0 && PipelineVersionCheck.StartsReindex(step, active, target))
                    target = step;
                Assert.True(active >= wasActive, $"{string.Join(",", order)}: active {wasActive} went to {active}");
                Assert.True(target is null || target > active, $"{string.Join(",", order)}: target {target} is not above active {active}");
                Assert.True(wasTarget is null || target is null || target >= wasTarget, $"{string.Join(",", order)}: target {wasTarget} lowered to {target}");
            }
        }
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task AProcessSetToTheRunningTargetOrLowerNeitherRestartsRetargetsNorCancelsTheReindex(string configured)
    {
        await using var first = await QueueTestBed.StartAsync(_data.Path, overrides: ReindexBed.VersionOne);
        var run = Guid.NewGuid();
        var started = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        RecognitionJob job;
        // A re-index from version 1 to 2 a third of the way through, as a version 2 process left it.
        await using (var db = await Factory(first).CreateDbContextAsync())
        {
            var state = await db.FacePipelineStates.SingleAsync();
            Assert.Equal(1, state.ActiveVersion);
            (state.TargetVersion, state.ReindexRunId, state.PhotosDone, state.PhotosTotal, state.ReindexStartedAt) = (2, run, 1, 3, started);
            job = first.Host.Get<JobQueue>().Stage(db, JobKind.Reindex, run, Guid.Empty, "system");
            await db.SaveChangesAsync();
        }

        // Its start runs the check (PortalInitialiser); a second call must not change anything either.
        await using var next = await QueueTestBed.StartAsync(_data.Path, overrides: new Dictionary<string, string?>(ReindexBed.VersionTwo)
        {
            ["Portal:Face:PipelineVersion"] = configured,
        });
        Assert.Null(await next.Host.Get<PipelineVersionCheck>().EnsureReindexAsync());

        await using var read = await Factory(next).CreateDbContextAsync();
        var after = await read.FacePipelineStates.AsNoTracking().SingleAsync();
        Assert.Equal((1, (int?)2, (Guid?)run, 1, 3, (DateTimeOffset?)started),
            (after.ActiveVersion, after.TargetVersion, after.ReindexRunId, after.PhotosDone, after.PhotosTotal, after.ReindexStartedAt));
        var reindexJobs = await read.Jobs.AsNoTracking().Where(j => j.Kind == JobKind.Reindex).ToListAsync();
        Assert.Equal([(job.Id, JobState.Queued)], reindexJobs.Select(j => (j.Id, j.State)));
        Assert.False(await read.AuditEntries.AnyAsync(e => e.Action == AuditActions.ReindexStarted));
    }

    [Fact]
    public async Task NoSettingTakesThePortalBackToALowerVersion()
    {
        await using (var current = await QueueTestBed.StartAsync(_data.Path, overrides: ReindexBed.VersionTwo))
            Assert.Equal(2, (await StateAsync(current)).ActiveVersion);

        // A process set to version 1 (an older setting, or one kept for comparison) starts on the version 2 portal.
        await using var older = await QueueTestBed.StartAsync(_data.Path, overrides: ReindexBed.VersionOne);
        Assert.Null(await older.Host.Get<PipelineVersionCheck>().EnsureReindexAsync());

        var state = await StateAsync(older);
        Assert.Equal((2, (int?)null, (Guid?)null), (state.ActiveVersion, state.TargetVersion, state.ReindexRunId));
        await using var read = await Factory(older).CreateDbContextAsync();
        Assert.False(await read.Jobs.AnyAsync(j => j.Kind == JobKind.Reindex));
    }

    private static IDbContextFactory<PortalDbContext> Factory(QueueTestBed bed) => bed.Host.Get<IDbContextFactory<PortalDbContext>>();

    private static async Task<FacePipelineState> StateAsync(QueueTestBed bed)
    {
        await using var db = await Factory(bed).CreateDbContextAsync();
        return await db.FacePipelineStates.AsNoTracking().SingleAsync();
    }

    public void Dispose() => _data.Dispose();
}
