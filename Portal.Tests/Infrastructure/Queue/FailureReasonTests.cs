using Microsoft.EntityFrameworkCore;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Queue;

/// <summary>A dead letter tells the submitter why in plain words; the exception, which can name server paths, is for admins.</summary>
public sealed class FailureReasonTests : IDisposable
{
    private const string ServerPath = "/srv/reunite/App_Data/files/3f2a.jpg";
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task AJobFailingWithAPathInItsErrorShowsNoPathToTheSubmitter()
    {
        static Task Fail(IJobHandler _, RecognitionJob __, ProgressReporter ___, CancellationToken ____) =>
            throw new FileNotFoundException($"Could not find file '{ServerPath}'.");
        await using var bed = await QueueTestBed.StartAsync(_data.Path, services => services
            .Script(JobKind.IndexGalleryImage, Fail).Script(JobKind.SearchProbe, Fail));
        var staff = await bed.ThornStaffAsync();
        var gallery = await bed.GalleryAsync(staff);
        var image = (await bed.UploadAsync(staff, gallery, 1, _ => TestImages.Jpeg(320, 240)))[0];
        var bytes = TestImages.Jpeg(320, 240);
        var submission = await bed.Host.Get<CaseService>().SubmitAsync(staff, new NewCase("TH-1", Purpose.MissingChild, "", [gallery], 10),
            [new ProbeUpload("probe.jpg", bytes.Length, () => new MemoryStream(bytes))]);
        foreach (var job in await bed.JobsAsync())
            await bed.SetJobAsync(job.Id, j => j.Attempts = RecognitionJob.MaxAttempts - 1); // the next failure is the last

        await bed.Worker.StartAsync(CancellationToken.None);
        await bed.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.DeadLettered), TimeSpan.FromSeconds(20));
        await bed.Worker.StopAsync(CancellationToken.None);

        var probe = Assert.Single((await bed.Host.Get<CaseQueries>().GetAsync(staff, submission.CaseId!.Value)).Value!.Probes);
        Assert.Equal(JobFailures.GaveUp, probe.Error);
        var shown = (await bed.Host.Get<GalleryService>().ImagesAsync(staff, gallery)).Value!.Single(i => i.Id == image);
        Assert.Equal(JobFailures.GaveUp, shown.OutcomeDetails);
        var admin = await bed.Host.Get<QueueAdministration>().StatsAsync(new Portal.Domain.Common.Actor("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true));
        Assert.Equal(2, admin.DeadLetters.Count);
        Assert.All(admin.DeadLetters, letter => Assert.Contains(ServerPath, letter.Error));
    }

    [Fact]
    public async Task ARejectedImageGivesItsOwnReasonToTheSubmitter()
    {
        const string rejection = "The JPEG file is truncated: its end is missing.";
        await using var bed = await QueueTestBed.StartAsync(_data.Path, services => services.Script(JobKind.IndexGalleryImage,
            (_, _, _, _) => throw new Portal.Infrastructure.Imaging.ImageRejectedException(rejection)));
        var staff = await bed.ThornStaffAsync();
        var image = (await bed.UploadAsync(staff, await bed.GalleryAsync(staff), 1, _ => TestImages.Jpeg(320, 240)))[0];
        var job = (await bed.JobsAsync()).Single();
        await bed.SetJobAsync(job.Id, j => j.Attempts = RecognitionJob.MaxAttempts - 1);

        await bed.Worker.StartAsync(CancellationToken.None);
        await bed.WaitUntilAsync(jobs => jobs.Single().State == JobState.DeadLettered, TimeSpan.FromSeconds(20));
        await bed.Worker.StopAsync(CancellationToken.None);

        await using var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(rejection, (await db.GalleryImages.SingleAsync(i => i.Id == image)).OutcomeDetails);
        Assert.Equal($"ImageRejectedException: {rejection}", (await bed.JobsAsync()).Single().LastError);
    }

    public void Dispose() => _data.Dispose();
}
