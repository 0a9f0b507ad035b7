using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Faces;
using Portal.Domain.Lifecycle;
using Portal.Domain.Queue;
using Portal.Infrastructure.Lifecycle.Subjects;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>
/// Two organisations' galleries of labelled photos, indexed by the queue: Thorn's holds two photos each of Obama and Biden
/// and one of them together; ICMEC's holds another photo of Obama. Requests are made as each organisation's admin.
/// </summary>
internal sealed class SubjectBed
{
    public required QueueTestBed Bed { get; init; }
    public required Actor Thorn { get; init; }
    public required Actor Icmec { get; init; }
    public required Guid ThornGallery { get; init; }
    public required Guid IcmecGallery { get; init; }
    public required Dictionary<string, Guid> Images { get; init; }

    public static readonly string[] ThornPhotos = ["people/obama/obama1.jpg", "people/obama/obama3.jpg", "people/biden/biden1.jpg", "people/biden/biden2.jpg", "groups/obama_and_biden.jpg"];
    public const string IcmecPhoto = "people/obama/obama4.jpg";

    public static async Task<SubjectBed> StartAsync(string data)
    {
        var bed = await QueueTestBed.StartAsync(data, overrides: FaceReplicaBed.Fast);
        var thorn = await bed.ThornStaffAsync();
        var icmec = await ReviewScenario.ActorAsync(bed.Host.Services, TestAccounts.IcmecStaff);
        var thornGallery = await bed.GalleryAsync(thorn, "Thorn photos");
        var icmecGallery = await bed.GalleryAsync(icmec, "ICMEC photos");
        var images = new Dictionary<string, Guid>();
        var thornIds = await bed.UploadAsync(thorn, thornGallery, ThornPhotos.Length, i => File.ReadAllBytes(SharedFaces.File(ThornPhotos[i])));
        for (var i = 0; i < ThornPhotos.Length; i++)
            images[ThornPhotos[i]] = thornIds[i];
        images[IcmecPhoto] = (await bed.UploadAsync(icmec, icmecGallery, 1, _ => File.ReadAllBytes(SharedFaces.File(IcmecPhoto))))[0];
        await bed.Worker.StartAsync(CancellationToken.None);
        await bed.WaitUntilAsync(jobs => jobs.All(j => j.State == JobState.Succeeded));
        return new SubjectBed { Bed = bed, Thorn = thorn, Icmec = icmec, ThornGallery = thornGallery, IcmecGallery = icmecGallery, Images = images };
    }

    public T Get<T>() where T : notnull => Bed.Host.Get<T>();

    public async Task<Guid> RecordAsync(Actor admin, SubjectRequestReach reach = SubjectRequestReach.Organisation, params Guid[] galleries)
    {
        var recorded = await Get<SubjectDeletionRequests>().RecordAsync(admin,
            new NewSubjectRequest(reach, null, galleries, "the subject's mother", "TICKET-4711"));
        Assert.True(recorded.Succeeded, recorded.Error);
        return recorded.Value;
    }

    public Task<Outcome<SubjectSearchResult>> SearchAsync(Actor admin, Guid request, byte[] photo) =>
        Get<SubjectPhotoSearch>().SearchAsync(admin, request, new MemoryStream(photo), photo.Length);

    public static byte[] Photo(string relative) => File.ReadAllBytes(SharedFaces.File(relative));

    public async Task<SubjectRequestDetails> DetailsAsync(Actor admin, Guid request)
    {
        var details = await Get<SubjectRequestReader>().DetailsAsync(admin, request);
        Assert.True(details.Succeeded, details.Error);
        return details.Value!;
    }

    public async Task<T> ReadAsync<T>(Func<PortalDbContext, Task<T>> read)
    {
        await using var db = await Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await read(db);
    }

    public Task<List<StoredFace>> FacesOfAsync(params string[] photos)
    {
        var ids = photos.Select(p => Images[p]).ToList();
        return ReadAsync(db => db.Faces.AsNoTracking().Where(f => ids.Contains(f.ImageId)).ToListAsync());
    }

    public Task<string> StoredNameAsync(string photo) => ReadAsync(db => db.GalleryImages.Where(i => i.Id == Images[photo]).Select(i => i.StoredName).SingleAsync());

    /// <summary>Waits for the request to read as Completed (its Erase jobs ran on the bed's workers), at most 60 s.</summary>
    public async Task<SubjectRequestDetails> CompletedAsync(Actor admin, Guid request)
    {
        Assert.True(await FaceReplicaBed.EventuallyAsync(async () => (await DetailsAsync(admin, request)).State == SubjectRequestState.Completed,
            TimeSpan.FromSeconds(60)), "the request did not complete");
        return await DetailsAsync(admin, request);
    }
}
