using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Review;

/// <summary>
/// The review queue and screen carry a template candidate's template: its label (or that it was dissolved), every photo's
/// own score best first, and the face each photo was searched with; a single probe's candidate carries none.
/// </summary>
public sealed class TemplateCandidateReviewQueryTests : ThornQueueTest
{
    [Fact]
    public async Task AReviewerSeesTheTemplateEveryPhotosScoreAndFaceAndTheTemplateOnceDissolved()
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(Bed.Host.Services, Staff, "TPL-REVIEW", candidates: 1);
        await using var db = await Bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var single = await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == seeded.Candidates[0]);
        var second = new Probe
        {
            CaseId = seeded.CaseId, OrganisationId = single.OrganisationId, DisplayName = "obama1.jpg", StoredName = "obama1.jpg",
            OriginalSha256 = new string('0', 64), Width = 240, Height = 240, UploadedAt = DateTimeOffset.UtcNow, SearchedAt = DateTimeOffset.UtcNow,
        };
        var secondFace = new ProbeFace { ProbeId = second.Id, Width = 100, Height = 100, DetectionScore = 0.99f, PassedQuality = true };
        db.AddRange(second, secondFace);
        await db.SaveChangesAsync();
        var service = Bed.Host.Get<PersonTemplateService>();
        var template = await service.CreateAsync(Staff, seeded.CaseId, "Family photos", [new(single.ProbeId), new(second.Id)]);
        Assert.True(template.Succeeded, template.Error);
        // As the template search leaves it: the template's score, the best photo as the probe, one support row per photo.
        var found = new Candidate
        {
            ProbeFaceId = single.ProbeFaceId, ProbeId = single.ProbeId, TemplateId = template.Value, CaseId = single.CaseId, OrganisationId = single.OrganisationId,
            FaceId = single.FaceId, GalleryId = single.GalleryId, ImageId = single.ImageId, Rank = 1, Similarity = 0.809f, Band = CandidateBand.Strong,
            FoundAt = single.FoundAt.AddSeconds(1),
        };
        db.Candidates.Add(found);
        db.CandidateSupports.AddRange(
            new CandidateSupport { CandidateId = found.Id, ProbeId = second.Id, Similarity = 0.312f, AtOrAboveThreshold = false },
            new CandidateSupport { CandidateId = found.Id, ProbeId = single.ProbeId, Similarity = 0.781f, AtOrAboveThreshold = true });
        await db.SaveChangesAsync();
        var reviewer = await ReviewScenario.ActorAsync(Bed.Host.Services, TestAccounts.ThornReviewer);
        var queries = Bed.Host.Get<ReviewQueries>();

        var rows = (await queries.PageAsync(reviewer, new ReviewQueueFilter(seeded.CaseId), 0, 10)).Items;
        Assert.Null(rows.Single(r => r.CandidateId == single.Id).Template);
        var row = rows.Single(r => r.CandidateId == found.Id).Template!;
        Assert.Equal(("Family photos", 2), (row.Label, row.PhotoCount));
        var expected = new[] { (single.ProbeId, 0.781f, (Guid?)single.ProbeFaceId), (second.Id, 0.312f, secondFace.Id) };
        Assert.Equal(expected, row.Support.Select(s => (s.ProbeId, s.Similarity, s.ProbeFaceId)));
        var item = (await queries.ItemAsync(reviewer, found.Id)).Value!;
        Assert.Equal(row.Support, item.Template!.Support);
        Assert.Null((await queries.ItemAsync(reviewer, single.Id)).Value!.Template);

        Assert.True((await service.DissolveAsync(Staff, template.Value)).Succeeded);

        var dissolved = (await queries.ItemAsync(reviewer, found.Id)).Value!.Template!;
        // Staff named it: the review still does (its label is kept with the fact it was dissolved).
        Assert.Equal("Family photos", dissolved.Label);
        // The template's photo rows are gone; the best photo's face is still the candidate's own.
        Assert.Equal([single.ProbeFaceId, null], dissolved.Support.Select(s => s.ProbeFaceId));
    }
}
