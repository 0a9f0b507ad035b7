using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Review;

/// <summary>
/// One gallery face found in a case by two probe photos and a person template: the queue puts the three findings together
/// and says so on each, the review screen lists the others with what found them and where they stand (an open one never
/// with a first verdict), nothing is decided for them, and another organisation's candidates never appear.
/// </summary>
public sealed class SameFaceFindingsQueryTests : IAsyncLifetime
{
    // Long before the demo data's candidates, so this test's rows lead the queue.
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _data = new();
    private QueueTestBed _bed = null!;
    private Actor _staff = null!;

    public async Task InitializeAsync()
    {
        _bed = await QueueTestBed.StartAsync(_data.Path);
        _staff = await _bed.ThornStaffAsync();
    }

    [Fact]
    public async Task TheFindingsOfOneGalleryFaceSitTogetherSayHowManyAndListEachOtherWithoutAnotherOrganisationsOrAFirstVerdict()
    {
        // The first photo finds faces F1 and F2; another case then finds G; later a second photo and a template find F1 again.
        var seeded = await ReviewScenario.SearchedCaseAsync(_bed.Host.Services, _staff, "SAME-FACE", candidates: 2, foundAt: Start);
        var other = await ReviewScenario.SearchedCaseAsync(_bed.Host.Services, _staff, "OTHER-CASE", candidates: 1, foundAt: Start.AddMinutes(1));
        var icmecReviewer = await ReviewScenario.ActorAsync(_bed.Host.Services, "reviewer@icmec.example");
        await using var db = await _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var firstPhoto = await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == seeded.Candidates[0]);
        var secondPhoto = await AddProbeAsync(db, firstPhoto, "obama1.jpg");
        var template = await _bed.Host.Get<PersonTemplateService>().CreateAsync(_staff, seeded.CaseId, "Family photos",
            [new(firstPhoto.ProbeId), new(secondPhoto.ProbeId)]);
        Assert.True(template.Succeeded, template.Error);
        var bySecondPhoto = Finding(firstPhoto, secondPhoto.ProbeId, secondPhoto.Id, null, 0.702f, Start.AddMinutes(2));
        var byTemplate = Finding(firstPhoto, firstPhoto.ProbeId, firstPhoto.ProbeFaceId, template.Value, 0.809f, Start.AddMinutes(3));
        // The same case and face under another organisation's name: as a tampered row would be. It must never be shown.
        var foreign = Finding(firstPhoto, secondPhoto.ProbeId, secondPhoto.Id, null, 0.9f, Start.AddMinutes(4), icmecReviewer.OrganisationId);
        db.Candidates.AddRange(bySecondPhoto, byTemplate, foreign);
        db.CandidateSupports.AddRange(
            new CandidateSupport { CandidateId = byTemplate.Id, ProbeId = firstPhoto.ProbeId, Similarity = 0.781f, AtOrAboveThreshold = true },
            new CandidateSupport { CandidateId = byTemplate.Id, ProbeId = secondPhoto.ProbeId, Similarity = 0.702f, AtOrAboveThreshold = true });
        await db.SaveChangesAsync();
        var foreignId = foreign.Id;
        var reviewer = await ReviewScenario.ActorAsync(_bed.Host.Services, TestAccounts.ThornReviewer);
        var queries = _bed.Host.Get<ReviewQueries>();
        var ours = new[] { firstPhoto.Id, bySecondPhoto.Id, byTemplate.Id, seeded.Candidates[1], other.Candidates[0] };

        var queue = (await queries.PageAsync(reviewer, new ReviewQueueFilter(), 0, 100)).Items;
        var page = queue.Where(r => ours.Contains(r.CandidateId)).ToList();

        // Together at the first finding's place, ahead of the first photo's other face and the other case found in between.
        Assert.Equal([firstPhoto.Id, bySecondPhoto.Id, byTemplate.Id, seeded.Candidates[1], other.Candidates[0]], page.Select(r => r.CandidateId));
        Assert.Equal([new AlsoFound(1, 1), new AlsoFound(1, 1), new AlsoFound(2, 0), null, null], page.Select(r => r.AlsoFound));
        Assert.DoesNotContain(queue, r => r.CandidateId == foreignId);

        var others = await queries.SameFaceAsync(reviewer, firstPhoto.Id);
        Assert.Equal([bySecondPhoto.Id, byTemplate.Id], others.Select(f => f.CandidateId));
        Assert.Equal(("obama1.jpg", 0, null, 0.702f), (others[0].ProbeName, others[0].FaceOrdinal, others[0].Template?.Label, others[0].Similarity));
        Assert.Equal(("Family photos", 2, 0.809f), (others[1].Template?.Label, others[1].Template?.PhotoCount, others[1].Similarity));
        Assert.All(others, f => Assert.Equal((ReviewState.Pending, false), (f.State, f.YouLooked)));
        // Another organisation's reviewer sees nothing of Thorn's findings, not even from their own row of the same case and face.
        Assert.Empty(await queries.SameFaceAsync(icmecReviewer, firstPhoto.Id));
        Assert.Empty(await queries.SameFaceAsync(icmecReviewer, foreignId));
        // The case's submitter does not review it, so is not shown its findings here either.
        Assert.Empty(await queries.SameFaceAsync(_staff, firstPhoto.Id));

        // A first verdict on a finding is not told: it still reads as awaiting review.
        var secondReviewer = await ReviewScenario.ActorAsync(_bed.Host.Services, TestAccounts.ThornSecondReviewer);
        var reviews = _bed.Host.Get<ReviewService>();
        Assert.True((await reviews.DecideAsync(secondReviewer, bySecondPhoto.Id, ReviewVerdict.Confirm, "Same ear shape and scar.")).Succeeded);
        Assert.Equal(ReviewState.Pending, (await queries.SameFaceAsync(reviewer, firstPhoto.Id))[0].State);

        // Once closed it shows how it ended, and that this reviewer decided it; this candidate is left undecided.
        Assert.True((await reviews.DecideAsync(reviewer, bySecondPhoto.Id, ReviewVerdict.Confirm, "Same ear shape.")).Succeeded);
        var closed = (await queries.SameFaceAsync(reviewer, firstPhoto.Id))[0];
        Assert.Equal((ReviewState.Confirmed, true), (closed.State, closed.YouLooked));
        Assert.True((await queries.ItemAsync(reviewer, firstPhoto.Id)).Succeeded);
        Assert.Equal(ReviewState.Pending, (await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == firstPhoto.Id)).ReviewState);

        // The group keeps its place as its findings are decided: after the first photo's, "next" is the template's, not F2.
        Assert.Equal(firstPhoto.Id, await queries.NextAsync(reviewer, new ReviewQueueFilter(), []));
        Assert.True((await reviews.DecideAsync(reviewer, firstPhoto.Id, ReviewVerdict.Reject, "Different nose bridge.")).Succeeded);
        Assert.Equal(byTemplate.Id, await queries.NextAsync(reviewer, new ReviewQueueFilter(), []));
    }

    private static async Task<ProbeFace> AddProbeAsync(PortalDbContext db, Candidate like, string name)
    {
        var probe = new Probe
        {
            CaseId = like.CaseId, OrganisationId = like.OrganisationId, DisplayName = name, StoredName = name, OriginalSha256 = new string('0', 64),
            Width = 240, Height = 240, UploadedAt = Start, SearchedAt = Start,
        };
        var face = new ProbeFace { ProbeId = probe.Id, Width = 100, Height = 100, DetectionScore = 0.99f, PassedQuality = true };
        db.AddRange(probe, face);
        await db.SaveChangesAsync();
        return face;
    }

    private static Candidate Finding(Candidate like, Guid probeId, Guid probeFaceId, Guid? templateId, float similarity, DateTimeOffset foundAt,
        Guid? organisationId = null) => new()
    {
        ProbeFaceId = probeFaceId, ProbeId = probeId, TemplateId = templateId, CaseId = like.CaseId, OrganisationId = organisationId ?? like.OrganisationId,
        FaceId = like.FaceId,
        GalleryId = like.GalleryId, ImageId = like.ImageId, Rank = 1, Similarity = similarity, Band = Candidate.BandFor(similarity, 0.40f), FoundAt = foundAt,
    };

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _data.Dispose();
    }
}
