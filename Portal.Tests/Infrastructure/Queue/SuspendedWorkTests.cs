using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Queue;

/// <summary>Work queued before a suspension waits, held, and runs once the organisation is reinstated.</summary>
public sealed class SuspendedWorkTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task AJobQueuedBeforeASuspensionIsHeldNotRunAndRunsOnceReinstated()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path);
        var staff = await bed.ThornStaffAsync();
        await bed.UploadAsync(staff, await bed.GalleryAsync(staff), 1, _ => TestImages.Jpeg(320, 240));
        await bed.ChangeStatusAsync(staff.OrganisationId!.Value, OrganisationStatus.Suspended);

        await bed.Worker.StartAsync(CancellationToken.None);
        await bed.WaitUntilAsync(jobs => jobs.Single().State == JobState.HeldByMoratorium);
        var held = (await bed.JobsAsync()).Single();
        Assert.Contains("organisation suspended", held.HeldReason);
        Assert.Equal(0, held.Attempts);
        Assert.Null(held.LeaseOwner);

        await bed.ChangeStatusAsync(staff.OrganisationId!.Value, OrganisationStatus.Approved);
        await bed.Host.Get<MoratoriumEnforcer>().SweepAsync();
        await bed.WaitUntilAsync(jobs => jobs.Single().State == JobState.Succeeded);
        await bed.Worker.StopAsync(CancellationToken.None);

        await using var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.JobsHeld && e.Details.Contains("organisation suspended")));
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.JobsReleased && e.OrganisationId == staff.OrganisationId));
    }

    [Fact]
    public async Task TheSweepHoldsASuspendedOrganisationsQueuedWorkWithoutAWorkerAndLeavesOthersAlone()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path);
        var staff = await bed.ThornStaffAsync();
        await bed.UploadAsync(staff, await bed.GalleryAsync(staff), 1, _ => TestImages.Jpeg(320, 240));
        await bed.ChangeStatusAsync(staff.OrganisationId!.Value, OrganisationStatus.Suspended);

        await bed.Host.Get<MoratoriumEnforcer>().SweepAsync();
        Assert.Equal(JobState.HeldByMoratorium, (await bed.JobsAsync()).Single().State);
        // Still suspended: the next sweep does not release it.
        await bed.Host.Get<MoratoriumEnforcer>().SweepAsync();
        Assert.Equal(JobState.HeldByMoratorium, (await bed.JobsAsync()).Single().State);

        await bed.ChangeStatusAsync(staff.OrganisationId!.Value, OrganisationStatus.Approved);
        await bed.Host.Get<MoratoriumEnforcer>().SweepAsync();
        var released = (await bed.JobsAsync()).Single();
        Assert.Equal(JobState.Queued, released.State);
        Assert.Null(released.HeldReason);
    }

    public void Dispose() => _data.Dispose();
}
