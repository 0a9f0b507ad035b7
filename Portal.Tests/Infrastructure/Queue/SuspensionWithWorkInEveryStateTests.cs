using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Galleries;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Queue;

/// <summary>
/// The reproduction, with work in every state: an organisation is suspended while one job runs, others wait,
/// one is held, one has succeeded and one is dead-lettered, and a page opened before the suspension still tries to
/// submit. What waits is held, what runs keeps no results, what is done stays done; reinstatement resumes the rest.
/// </summary>
public sealed class SuspensionWithWorkInEveryStateTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly PausingHandlers _pause = new();

    [Fact]
    public async Task SuspensionHoldsWaitingAndRunningWorkKeepsFinishedWorkAndReinstatementResumesIt()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path, _pause.Install,
            overrides: new Dictionary<string, string?> { ["Portal:Queue:Workers"] = "1" });
        var staff = await bed.ThornStaffAsync(); // taken now, as a page opened before the suspension holds it
        var gallery = await bed.GalleryAsync(staff);
        await bed.Worker.StartAsync(CancellationToken.None);

        var succeeded = await UploadOneAsync(bed, staff, gallery);
        await bed.WaitUntilAsync(jobs => StateOf(jobs, succeeded) == JobState.Succeeded);

        _pause.Engage();
        var running = await UploadOneAsync(bed, staff, gallery);
        await _pause.Entered.WaitAsync(TimeSpan.FromSeconds(60));
        var queued = await UploadOneAsync(bed, staff, gallery);
        var deadLettered = await UploadOneAsync(bed, staff, gallery);
        await bed.SetJobAsync(JobFor(await bed.JobsAsync(), deadLettered).Id, job => { job.State = JobState.DeadLettered; job.FailureReason = "earlier failure"; });
        var held = await UploadOneAsync(bed, staff, gallery);
        await bed.SetJobAsync(JobFor(await bed.JobsAsync(), held).Id, job => { job.State = JobState.HeldByMoratorium; job.HeldReason = "an earlier hold"; });
        var submitted = await bed.Host.Get<CaseService>().SubmitAsync(staff, new NewCase("TH-BEFORE", Purpose.MissingChild, "", [gallery], 10),
            [new ProbeUpload("before.jpg", null, () => new MemoryStream(TestImages.Jpeg(240, 240)))]);
        Assert.NotNull(submitted.CaseId);

        await bed.ChangeStatusAsync(staff.OrganisationId!.Value, OrganisationStatus.Suspended);
        await bed.Host.Get<MoratoriumEnforcer>().SweepAsync();
        var lateCase = await bed.Host.Get<CaseService>().SubmitAsync(staff, new NewCase("TH-AFTER", Purpose.MissingChild, "", [gallery], 10),
            [new ProbeUpload("after.jpg", null, () => new MemoryStream(TestImages.Jpeg(240, 240)))]);
        var lateUpload = await bed.Host.Get<GalleryService>().UploadAsync(staff, gallery, new MemoryStream(TestImages.Jpeg(320, 240)), "after.jpg");
        _pause.Release();
        await bed.WaitUntilAsync(jobs => StateOf(jobs, running) == JobState.HeldByMoratorium);

        var during = await bed.JobsAsync();
        Assert.Equal(JobState.Succeeded, StateOf(during, succeeded));
        Assert.Equal(JobState.DeadLettered, StateOf(during, deadLettered));
        Assert.All(new[] { running, queued }, id => Assert.Contains("organisation suspended", JobFor(during, id).HeldReason));
        Assert.Equal(0, JobFor(during, running).Attempts);
        Assert.Equal(JobState.HeldByMoratorium, StateOf(during, held));
        var searchJob = during.Single(j => j.Kind == JobKind.SearchProbe);
        Assert.Equal(JobState.HeldByMoratorium, searchJob.State);
        Assert.Null(lateCase.CaseId);
        Assert.Contains("suspended", lateCase.Case.Error);
        Assert.False(lateUpload.Accepted);
        await using (var db = await DbAsync(bed))
        {
            // The run that was under way when the suspension came kept nothing.
            var image = await db.GalleryImages.SingleAsync(i => i.Id == running);
            Assert.Equal(ImageOutcome.Pending, image.Outcome);
            Assert.False(await db.Cases.AnyAsync(c => c.Reference == "TH-AFTER"));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.JobsHeld && e.Target == $"job:{JobFor(during, running).Id}"
                && e.Details.Contains("held while running; its results were not kept")));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.StandingRefused && e.Target == $"door:{MoratoriumGate.Doors.SubmitSearch}"));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.StandingRefused && e.Target == $"door:{MoratoriumGate.Doors.GalleryUpload}"));
        }

        _pause.Disengage();
        await bed.ChangeStatusAsync(staff.OrganisationId!.Value, OrganisationStatus.Approved);
        await bed.Host.Get<MoratoriumEnforcer>().SweepAsync();
        await bed.WaitUntilAsync(jobs => jobs.Count(j => j.State == JobState.Succeeded) == 5);
        await bed.Worker.StopAsync(CancellationToken.None);

        var after = await bed.JobsAsync();
        Assert.All(new[] { succeeded, running, queued, held }, id => Assert.Equal(JobState.Succeeded, StateOf(after, id)));
        Assert.Equal(JobState.Succeeded, after.Single(j => j.Kind == JobKind.SearchProbe).State);
        Assert.Equal(JobState.DeadLettered, StateOf(after, deadLettered)); // reinstatement does not retry what had failed
        await using var check = await DbAsync(bed);
        Assert.True(await check.AuditEntries.AnyAsync(e => e.Action == AuditActions.JobsReleased && e.OrganisationId == staff.OrganisationId));
        Assert.NotNull((await check.Probes.SingleAsync(p => p.CaseId == submitted.CaseId)).SearchedAt);
    }

    private static async Task<Guid> UploadOneAsync(QueueTestBed bed, Actor staff, Guid gallery) =>
        (await bed.UploadAsync(staff, gallery, 1, _ => TestImages.Jpeg(320, 240))).Single();

    private static RecognitionJob JobFor(List<RecognitionJob> jobs, Guid subject) => jobs.Single(j => j.SubjectId == subject);

    private static JobState StateOf(List<RecognitionJob> jobs, Guid subject) => JobFor(jobs, subject).State;

    private static Task<PortalDbContext> DbAsync(QueueTestBed bed) => bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public void Dispose()
    {
        _pause.Release();
        _data.Dispose();
    }

    /// <summary>
    /// Wraps the real handlers so the test can hold a job in its Running state: once engaged, the next job to run waits
    /// after the real handler has done nothing yet, until released; then the real handler runs as ever.
    /// </summary>
    private sealed class PausingHandlers
    {
        private readonly SemaphoreSlim _entered = new(0);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _engaged;

        public SemaphoreSlim Entered => _entered;

        public void Engage() => _engaged = true;

        public void Disengage() => _engaged = false;

        public void Release() => _released.TrySetResult();

        public void Install(IServiceCollection services)
        {
            var real = services.Where(d => d.ServiceType == typeof(IJobHandler)).ToList();
            foreach (var descriptor in real)
            {
                services.Remove(descriptor);
                services.AddSingleton<IJobHandler>(provider =>
                    new Pausing((IJobHandler)ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!), this));
            }
        }

        private async Task WaitIfEngagedAsync(CancellationToken cancellationToken)
        {
            if (!_engaged)
                return;
            _entered.Release();
            await _released.Task.WaitAsync(cancellationToken);
        }

        private sealed class Pausing(IJobHandler inner, PausingHandlers pause) : IJobHandler
        {
            public JobKind Kind => inner.Kind;

            public async Task RunAsync(RecognitionJob job, ProgressReporter progress, CancellationToken cancellationToken)
            {
                await pause.WaitIfEngagedAsync(cancellationToken);
                await inner.RunAsync(job, progress, cancellationToken);
            }

            public Task DeadLetteredAsync(RecognitionJob job, string reason, CancellationToken cancellationToken) =>
                inner.DeadLetteredAsync(job, reason, cancellationToken);
        }
    }
}
