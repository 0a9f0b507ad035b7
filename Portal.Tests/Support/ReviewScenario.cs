using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Faces;
using Portal.Domain.Galleries;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Domain.Queue;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Uploads;

namespace Portal.Tests.Support;

/// <summary>
/// A searched case with candidates, written straight to the database as a finished search leaves it, so review
/// tests need neither the face models nor the photos of ../shared/faces. The photos are real stored JPEG files,
/// so face crops are served as usual.
/// </summary>
public static class ReviewScenario
{
    public sealed record SeededCase(Guid CaseId, string Reference, IReadOnlyList<Guid> Candidates);

    public static async Task<Actor> ActorAsync(IServiceProvider services, string email)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        return new Actor(user.Id, email, user.OrganisationId, await users.IsInRoleAsync(user, Roles.PlatformAdmin));
    }

    /// <summary>Adds a member of the submitter's organisation with the given roles (for a third reviewer, or a staff member who also reviews).</summary>
    public static async Task GrantRoleAsync(IServiceProvider services, string email, string role)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }

    public static async Task<string> CreateMemberAsync(IServiceProvider services, Guid organisationId, string email, string role)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, OrganisationId = organisationId };
        Assert.True((await users.CreateAsync(user, TestAccounts.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }

    /// <summary>A case of the submitter's organisation whose one probe face found <paramref name="candidates"/> candidates.</summary>
    public static async Task<SeededCase> SearchedCaseAsync(IServiceProvider services, Actor submitter, string reference, int candidates,
        DateTimeOffset? foundAt = null)
    {
        var organisationId = submitter.OrganisationId!.Value;
        var files = services.GetRequiredService<FileStore>();
        var when = foundAt ?? DateTimeOffset.UtcNow;
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        var gallery = new Gallery { OrganisationId = organisationId, Name = $"{reference} gallery", Source = "review tests", CreatedBy = submitter.UserId, CreatedAt = when };
        var searchCase = new SearchCase
        {
            OrganisationId = organisationId, Reference = reference, Purpose = Purpose.MissingChild, Threshold = 0.40f,
            CreatedBy = submitter.UserId, CreatedByName = submitter.Name, CreatedAt = when,
            Galleries = [new CaseGallery { GalleryId = gallery.Id }],
        };
        var probeId = Guid.NewGuid();
        var job = new RecognitionJob
        {
            SubjectId = probeId, Kind = JobKind.SearchProbe, OrganisationId = organisationId, SubmittedBy = submitter.UserId, State = JobState.Succeeded, Progress = 100,
            Attempts = 1, CreatedAt = when, NotBefore = when, StartedAt = when, CompletedAt = when,
        };
        var probe = new Probe
        {
            Id = probeId, JobId = job.Id,
            CaseId = searchCase.Id, OrganisationId = organisationId, DisplayName = "probe.jpg", StoredName = await StorePhotoAsync(files, 0),
            OriginalSha256 = new string('0', 64), Width = 240, Height = 240, UploadedAt = when, SearchedAt = when,
        };
        var probeFace = new ProbeFace { ProbeId = probe.Id, Ordinal = 0, X = 60, Y = 60, Width = 120, Height = 120, DetectionScore = 0.99f, PassedQuality = true };
        db.AddRange(gallery, searchCase, probe, probeFace, job);

        var nextSequence = (await db.Faces.MaxAsync(f => (long?)f.Sequence) ?? 0) + 1;
        var ids = new List<Guid>();
        for (var rank = 1; rank <= candidates; rank++)
        {
            var image = new GalleryImage
            {
                GalleryId = gallery.Id, OrganisationId = organisationId, DisplayName = $"photo{rank}.jpg", StoredName = await StorePhotoAsync(files, rank),
                OriginalSha256 = new string('1', 64), Width = 240, Height = 240, UploadedBy = submitter.UserId, UploadedAt = when,
                Outcome = ImageOutcome.Indexed, IndexedFaces = 1,
            };
            var face = new StoredFace
            {
                Sequence = nextSequence++, GalleryId = gallery.Id, ImageId = image.Id, X = 60, Y = 60, Width = 120, Height = 120, DetectionScore = 0.99f,
                Embedding = StoredFace.Pack(UnitVector(rank)), CreatedAt = when, PipelineVersion = Portal.Infrastructure.Face.FacePipelineVersion.Current,
            };
            var similarity = 0.80f - rank * 0.05f;
            var candidate = new Candidate
            {
                ProbeFaceId = probeFace.Id, ProbeId = probe.Id, CaseId = searchCase.Id, OrganisationId = organisationId, FaceId = face.Id,
                GalleryId = gallery.Id, ImageId = image.Id, Rank = rank, Similarity = similarity, Band = Candidate.BandFor(similarity, 0.40f), FoundAt = when,
            };
            db.AddRange(image, face, candidate);
            ids.Add(candidate.Id);
        }
        await db.SaveChangesAsync();
        return new SeededCase(searchCase.Id, reference, ids);
    }

    private static async Task<string> StorePhotoAsync(FileStore files, int shade)
    {
        var name = FileStore.NewName();
        await File.WriteAllBytesAsync(files.PathOf(name), TestImages.Jpeg(240, 240 - shade % 40));
        return name;
    }

    // A distinct unit vector per face: it never comes near the threshold against a real embedding.
    private static float[] UnitVector(int index)
    {
        var vector = new float[512];
        vector[(index * 37) % 512] = 1;
        return vector;
    }
}
