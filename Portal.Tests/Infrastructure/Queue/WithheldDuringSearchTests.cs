using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Cases;
using Portal.Domain.Faces;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Queue;

/// <summary>A shared gallery whose owner is suspended while a search of it runs keeps no candidates from it.</summary>
public sealed class WithheldDuringSearchTests : IDisposable
{
    private readonly TempDirectory _data = new();

    [FaceFact]
    public async Task MatchesFromASharedGalleryWhoseOwnerIsSuspendedDuringTheSearchAreNotKept()
    {
        await using var bed = await QueueTestBed.StartAsync(_data.Path, services =>
        {
            services.AddSingleton<InMemoryFaceIndex>();
            services.AddSingleton<SuspendingIndex>();
            services.AddSingleton<IFaceIndex>(p => p.GetRequiredService<SuspendingIndex>());
        });
        var admin = await ReviewScenario.ActorAsync(bed.Host.Services, TestAccounts.AdminEmail);
        var icmec = await ReviewScenario.ActorAsync(bed.Host.Services, TestAccounts.IcmecStaff);
        var thorn = await bed.ThornStaffAsync();
        var gallery = await bed.GalleryAsync(icmec, "ICMEC intake");
        await bed.UploadAsync(icmec, gallery, 1, _ => File.ReadAllBytes(SharedFaces.File("people/obama/obama1.jpg")));
        Assert.True((await bed.Host.Get<GallerySharing>().ShareAsync(admin, gallery, thorn.OrganisationId!.Value)).Succeeded);
        await bed.Worker.StartAsync(CancellationToken.None);
        await bed.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded));
        // The galleries are resolved before the search; the owner is suspended while it runs.
        var index = bed.Host.Get<SuspendingIndex>();
        index.OnSearch = () => bed.Host.Get<OrganisationAdministration>()
            .ChangeStatusAsync(admin, icmec.OrganisationId!.Value, OrganisationStatus.Suspended, "withheld during search").GetAwaiter().GetResult();

        var submission = await bed.Host.Get<CaseService>().SubmitAsync(thorn, new NewCase("TH-RACE", Purpose.MissingChild, "", [gallery], 10),
            [new ProbeUpload("probe.jpg", null, () => File.OpenRead(SharedFaces.File("people/obama/obama2.jpg")))]);
        Assert.NotNull(submission.CaseId);
        await bed.WaitUntilAsync(jobs => jobs.Count == 2 && jobs.All(j => j.State == JobState.Succeeded));
        await bed.Worker.StopAsync(CancellationToken.None);

        Assert.True(index.Matches > 0, "the search found the shared face, so only the re-check keeps it out");
        await using var db = await bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.NotNull((await db.Probes.SingleAsync(p => p.CaseId == submission.CaseId)).SearchedAt);
        Assert.False(await db.Candidates.AnyAsync(c => c.CaseId == submission.CaseId));
    }

    /// <summary>The real index, with a hook that runs once during the first search.</summary>
    private sealed class SuspendingIndex(InMemoryFaceIndex inner) : IFaceIndex
    {
        public Action? OnSearch { get; set; }
        public int Matches { get; private set; }
        public int Count => inner.Count;
        public void Upsert(IndexedFace face) => inner.Upsert(face);
        public void Remove(IReadOnlyCollection<Guid> faceIds) => inner.Remove(faceIds);

        public IReadOnlyList<FaceMatch> Search(ReadOnlySpan<float> query, IReadOnlySet<Guid> galleries, int k, float threshold)
        {
            var found = inner.Search(query, galleries, k, threshold);
            Matches += found.Count;
            var hook = OnSearch;
            OnSearch = null;
            hook?.Invoke();
            return found;
        }
    }

    public void Dispose() => _data.Dispose();
}
