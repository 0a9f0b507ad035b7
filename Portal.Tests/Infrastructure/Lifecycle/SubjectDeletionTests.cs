using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Lifecycle.Subjects;
using Portal.Infrastructure.Uploads;
using Portal.Tests.Support;
using static Portal.Tests.Infrastructure.Lifecycle.SubjectBed;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>
/// A subject's deletion request (issue 16, point 5) with real faces: another photo of the person finds their faces and no
/// one else's, only in the requesting organisation; confirming erases their whole photos (files, faces, crops, index entries)
/// at once and completes with counts; refused photos change nothing and are audited; a held photo is skipped and recorded.
/// </summary>
public sealed class SubjectDeletionTests : IAsyncLifetime
{
    private const string Obama1 = "people/obama/obama1.jpg", Obama3 = "people/obama/obama3.jpg", Group = "groups/obama_and_biden.jpg";
    private const string Biden1 = "people/biden/biden1.jpg", Biden2 = "people/biden/biden2.jpg";
    private readonly TempDirectory _data = new();
    private SubjectBed _bed = null!;

    public async Task InitializeAsync()
    {
        if (SharedFaces.Available)
            _bed = await StartAsync(_data.Path);
    }

    [FaceFact]
    public async Task AnotherPhotoOfOnePersonListsTheirFacesAndConfirmingErasesTheirWholePhotosAndNothingElse()
    {
        var request = await _bed.RecordAsync(_bed.Thorn);
        var searched = await _bed.SearchAsync(_bed.Thorn, request, Photo("people/obama/obama2.jpg"));
        Assert.True(searched.Succeeded, searched.Error);

        var details = await _bed.DetailsAsync(_bed.Thorn, request);
        Assert.Equal(SubjectRequestState.Matched, details.State);
        Assert.Equal(new[] { Obama1, Obama3, Group }.Select(p => _bed.Images[p]).Order(), details.Matches.Select(m => m.ImageId).Order());
        Assert.Equal(2, details.Matches.Single(m => m.ImageId == _bed.Images[Group]).OtherFaces);
        Assert.All(details.Matches, m => Assert.True(m.Selected && !m.Held && m.Similarity >= details.Request.Threshold));

        var erased = await _bed.FacesOfAsync(Obama1, Obama3, Group);
        var kept = await _bed.FacesOfAsync(Biden1, Biden2);
        var icmec = await _bed.FacesOfAsync(IcmecPhoto);
        var erasedFiles = new[] { await _bed.StoredNameAsync(Obama1), await _bed.StoredNameAsync(Obama3), await _bed.StoredNameAsync(Group) };
        var keptFiles = new[] { await _bed.StoredNameAsync(Biden1), await _bed.StoredNameAsync(Biden2), await _bed.StoredNameAsync(IcmecPhoto) };
        var counts = await _bed.Get<SubjectDeletionConfirmation>().ConfirmAsync(_bed.Thorn, request);
        Assert.True(counts.Succeeded, counts.Error);
        Assert.Equal(new SubjectDeletionCounts(3, erased.Count, 1, 0), counts.Value);

        var completed = await _bed.CompletedAsync(_bed.Thorn, request);
        var files = _bed.Get<FileStore>();
        var crops = _bed.Get<CropFiles>();
        Assert.All(erasedFiles, name => Assert.False(File.Exists(files.PathOf(name)), "the original photo is deleted"));
        Assert.All(keptFiles, name => Assert.True(File.Exists(files.PathOf(name))));
        Assert.All(erased, face => Assert.False(File.Exists(crops.PathOf(face.Id, large: false))));
        Assert.All(erased, face => Assert.False(_bed.Bed.Host.Finds(face), "a search no longer returns it"));
        Assert.All(kept.Concat(icmec), face => Assert.True(_bed.Bed.Host.Finds(face)));
        var erasedIds = erased.Select(f => f.Id).ToList();
        Assert.False(await _bed.ReadAsync(db => db.Faces.AnyAsync(f => erasedIds.Contains(f.Id))));
        Assert.Equal(kept.Count + icmec.Count, await _bed.ReadAsync(db => db.Faces.CountAsync()));

        var record = await _bed.ReadAsync(db => db.ErasureRecords.SingleAsync(r => r.Id == completed.Erasures.Single().RecordId));
        Assert.Equal((ErasureCause.SubjectRequest, ErasureScope.RequestPhotos, request, _bed.Thorn.OrganisationId!.Value),
            (record.Cause, record.Scope, record.ScopeId, record.OrganisationId));
        Assert.Equal((3, erased.Count), (record.Photos, record.Faces));
        Assert.Contains(request.ToString(), record.CauseReference);
        Assert.NotNull(record.ReplicasReachedAt);
    }

    [FaceFact]
    public async Task AnOrganisationAdminsRequestNeverSearchesOrTouchesAnotherOrganisationAndTheOtherAdminCannotSeeIt()
    {
        var thorns = await _bed.RecordAsync(_bed.Thorn);
        Assert.True((await _bed.SearchAsync(_bed.Thorn, thorns, Photo("people/obama/obama2.jpg"))).Succeeded);
        Assert.DoesNotContain(_bed.Images[IcmecPhoto], (await _bed.DetailsAsync(_bed.Thorn, thorns)).Matches.Select(m => m.ImageId));

        Assert.Equal(OutcomeKind.NotFound, (await _bed.Get<SubjectRequestReader>().DetailsAsync(_bed.Icmec, thorns)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await _bed.SearchAsync(_bed.Icmec, thorns, Photo("people/obama/obama2.jpg"))).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await _bed.Get<SubjectDeletionConfirmation>().ConfirmAsync(_bed.Icmec, thorns)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await _bed.Get<SubjectDeletionRequests>().CancelAsync(_bed.Icmec, thorns)).Kind);
        Assert.DoesNotContain(thorns, (await _bed.Get<SubjectRequestReader>().ListAsync(_bed.Icmec)).Value!.Select(r => r.Id));
        var picked = await _bed.Get<SubjectDeletionRequests>().RecordAsync(_bed.Icmec,
            new NewSubjectRequest(SubjectRequestReach.Galleries, null, [_bed.ThornGallery], "a lawyer", "L-1"));
        Assert.Equal(OutcomeKind.Invalid, picked.Kind);
        var everywhere = await _bed.Get<SubjectDeletionRequests>().RecordAsync(_bed.Icmec,
            new NewSubjectRequest(SubjectRequestReach.Everywhere, null, [], "a lawyer", "L-2"));
        Assert.Equal(OutcomeKind.Invalid, everywhere.Kind);
        var refusals = await _bed.ReadAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.SubjectRequestRefused && e.Target == "subject-request:new").OrderBy(e => e.Sequence)
            .Select(e => e.Details).ToListAsync());
        Assert.Equal(["not recorded: Choose one or more galleries from the list.",
            "not recorded: Choose where to look: every gallery of the organisation, or chosen galleries."], refusals);

        var icmecs = await _bed.RecordAsync(_bed.Icmec);
        Assert.True((await _bed.SearchAsync(_bed.Icmec, icmecs, Photo("people/obama/obama2.jpg"))).Succeeded);
        Assert.Equal([_bed.Images[IcmecPhoto]], (await _bed.DetailsAsync(_bed.Icmec, icmecs)).Matches.Select(m => m.ImageId));
        Assert.True((await _bed.Get<SubjectDeletionConfirmation>().ConfirmAsync(_bed.Icmec, icmecs)).Succeeded);
        await _bed.CompletedAsync(_bed.Icmec, icmecs);
        Assert.Equal(SubjectBed.ThornPhotos.Length, await _bed.ReadAsync(db => db.GalleryImages.CountAsync(i => i.GalleryId == _bed.ThornGallery)));
    }

    public static TheoryData<string, string> RefusedPhotos => new()
    {
        { "no face", "No face was found" },
        { "two faces", "shows 2 faces" },
        { "WebP named .jpg", "only JPEG and PNG" },
        { "too large", "larger than" },
    };

    [FaceTheory]
    [MemberData(nameof(RefusedPhotos))]
    public async Task ARefusedPhotoChangesNothingSaysWhyAndIsAudited(string kind, string message)
    {
        var request = await _bed.RecordAsync(_bed.Thorn);
        var uploads = Directory.GetFiles(_data.Path, "*", SearchOption.AllDirectories).Length;
        byte[] photo = kind switch
        {
            "no face" => TestImages.Jpeg(640, 480),
            "two faces" => Photo("groups/two_people.jpg"),
            "WebP named .jpg" => [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBPVP8 "u8, .. new byte[64]],
            _ => new byte[16 * 1024 * 1024],
        };

        var searched = await _bed.SearchAsync(_bed.Thorn, request, photo);

        Assert.Equal(OutcomeKind.Invalid, searched.Kind);
        Assert.Contains(message, searched.Error);
        var details = await _bed.DetailsAsync(_bed.Thorn, request);
        Assert.Equal((SubjectRequestState.Recorded, 0, 0), (details.State, details.Request.PhotosSearched, details.Matches.Count));
        Assert.Equal(uploads, Directory.GetFiles(_data.Path, "*", SearchOption.AllDirectories).Length);
        var entries = await _bed.ReadAsync(db => db.AuditEntries.Where(e => e.Target == $"subject-request:{request}").ToListAsync());
        Assert.Contains(entries, e => e.Action == AuditActions.SubjectRequestPhotoRefused && e.Details.Contains(message));
        Assert.DoesNotContain(entries, e => e.Details.Contains("TICKET-4711") || e.Details.Contains("mother"));
    }

    [FaceFact]
    public async Task AMatchInAHeldGalleryCannotBeSelectedAndConfirmingSkipsItWithTheSkipRecorded()
    {
        var hold = await SweepBed.HoldAsync(_bed.Bed.Host, _bed.Thorn.OrganisationId!.Value, HoldScope.Gallery, _bed.ThornGallery, DateTimeOffset.UtcNow);
        var request = await _bed.RecordAsync(_bed.Thorn);
        Assert.True((await _bed.SearchAsync(_bed.Thorn, request, Photo("people/obama/obama2.jpg"))).Succeeded);
        var matches = (await _bed.DetailsAsync(_bed.Thorn, request)).Matches;
        Assert.NotEmpty(matches);
        Assert.All(matches, m => Assert.Equal((true, false), (m.Held, m.Selected)));
        var select = await _bed.Get<SubjectDeletionRequests>().SelectAsync(_bed.Thorn, request, matches[0].Id, selected: true);
        Assert.Equal(OutcomeKind.Conflict, select.Kind);

        var counts = await _bed.Get<SubjectDeletionConfirmation>().ConfirmAsync(_bed.Thorn, request);

        Assert.True(counts.Succeeded, counts.Error);
        Assert.Equal((0, matches.Count), (counts.Value!.Photos, counts.Value.Held));
        var images = matches.Select(m => m.ImageId).ToList();
        var skips = await _bed.ReadAsync(db => db.ErasureSkips.Where(s => images.Contains(s.ScopeId)).ToListAsync());
        Assert.Equal(matches.Count, skips.Count);
        Assert.All(skips, s => Assert.Equal((ErasureScope.Photo, hold.Id), (s.Scope, s.HoldId)));
        Assert.Equal(SubjectBed.ThornPhotos.Length, await _bed.ReadAsync(db => db.GalleryImages.CountAsync(i => i.GalleryId == _bed.ThornGallery)));
        Assert.Equal(SubjectRequestState.Completed, (await _bed.DetailsAsync(_bed.Thorn, request)).State);
        Assert.True(await _bed.ReadAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.ErasureSkippedHeld && e.Target == $"photo:{images[0]}")));
    }

    [FaceFact]
    public async Task ASecondPhotoAddsMatchesWithoutDuplicatesAndEveryStepIsAuditedWithIdsOnly()
    {
        var request = await _bed.RecordAsync(_bed.Thorn);
        Assert.True((await _bed.SearchAsync(_bed.Thorn, request, Photo("people/obama/obama2.jpg"))).Succeeded);
        var first = (await _bed.DetailsAsync(_bed.Thorn, request)).Matches.Count;
        var again = await _bed.SearchAsync(_bed.Thorn, request, Photo("people/obama/obama2.jpg"));
        Assert.Equal(0, again.Value!.Added);
        Assert.Equal(first, (await _bed.DetailsAsync(_bed.Thorn, request)).Matches.Count);
        Assert.True((await _bed.Get<SubjectDeletionRequests>().CancelAsync(_bed.Thorn, request)).Succeeded);
        Assert.Equal(OutcomeKind.Conflict, (await _bed.Get<SubjectDeletionConfirmation>().ConfirmAsync(_bed.Thorn, request)).Kind);

        var entries = await _bed.ReadAsync(db => db.AuditEntries.Where(e => e.Target == $"subject-request:{request}").OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal([AuditActions.SubjectRequestRecorded, AuditActions.SubjectRequestSearched, AuditActions.SubjectRequestSearched, AuditActions.SubjectRequestCancelled],
            entries.Select(e => e.Action));
        Assert.DoesNotContain(entries, e => e.Details.Contains("TICKET-4711") || e.Details.Contains("mother"));
        Assert.Equal(SubjectBed.ThornPhotos.Length, await _bed.ReadAsync(db => db.GalleryImages.CountAsync(i => i.GalleryId == _bed.ThornGallery)));
    }

    public async Task DisposeAsync()
    {
        if (_bed is not null)
        {
            await _bed.Bed.Worker.StopAsync(CancellationToken.None);
            await _bed.Bed.DisposeAsync();
        }
        _data.Dispose();
    }
}
