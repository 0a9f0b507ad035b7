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
public sealed class SameFaceFindingsQueryTests : ThornQueueTest
{
    [Fact]
    public async Task TheFindingsOfOneGalleryFaceSitTogetherSayHowManyAndListEachOtherWithoutAnotherOrganisationsOrAFirstVerdict()
    {
        var icmecReviewer = await ReviewScenario.ActorAsync(Bed.Host.Services, "reviewer@icmec.example");
        var seeded = await SameFaceScenario.SeedAsync(Bed.Host.Services, Staff, icmecReviewer.OrganisationId!.Value);
        var (firstPhoto, bySecondPhoto, byTemplate, foreignId) = (seeded.ByFirstPhoto, seeded.BySecondPhoto, seeded.ByTemplate, seeded.Foreign);
        var reviewer = await ReviewScenario.ActorAsync(Bed.Host.Services, TestAccounts.ThornReviewer);
        var queries = Bed.Host.Get<ReviewQueries>();
        await using var db = await Bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        var queue = (await queries.PageAsync(reviewer, new ReviewQueueFilter(), 0, 100)).Items;
        var page = queue.Where(r => seeded.QueueOrder.Contains(r.CandidateId)).ToList();

        // Together at the first finding's place, ahead of the first photo's other face and the other case found in between.
        Assert.Equal(seeded.QueueOrder, page.Select(r => r.CandidateId));
        Assert.Equal([new AlsoFound(1, 1), new AlsoFound(1, 1), new AlsoFound(2, 0), null, null], page.Select(r => r.AlsoFound));
        Assert.DoesNotContain(queue, r => r.CandidateId == foreignId);

        var others = await queries.SameFaceAsync(reviewer, firstPhoto);
        Assert.Equal([bySecondPhoto, byTemplate], others.Select(f => f.CandidateId));
        Assert.Equal(("obama1.jpg", 0, null, 0.702f), (others[0].ProbeName, others[0].FaceOrdinal, others[0].Template?.Label, others[0].Similarity));
        Assert.Equal(("Family photos", 2, 0.809f), (others[1].Template?.Label, others[1].Template?.PhotoCount, others[1].Similarity));
        Assert.All(others, f => Assert.Equal((ReviewState.Pending, false), (f.State, f.YouLooked)));
        // Another organisation's reviewer sees nothing of Thorn's findings, not even from their own row of the same case and face.
        Assert.Empty(await queries.SameFaceAsync(icmecReviewer, firstPhoto));
        Assert.Empty(await queries.SameFaceAsync(icmecReviewer, foreignId));
        var icmecQueue = (await queries.PageAsync(icmecReviewer, new ReviewQueueFilter(), 0, 100)).Items;
        Assert.Null(icmecQueue.Single(r => r.CandidateId == foreignId).AlsoFound);
        Assert.DoesNotContain(icmecQueue, r => seeded.QueueOrder.Contains(r.CandidateId));
        // The case's submitter does not review it, so is not shown its findings here either.
        Assert.Empty(await queries.SameFaceAsync(Staff, firstPhoto));

        // A first verdict on a finding is not told: it still reads as awaiting review.
        var secondReviewer = await ReviewScenario.ActorAsync(Bed.Host.Services, TestAccounts.ThornSecondReviewer);
        var reviews = Bed.Host.Get<ReviewService>();
        Assert.True((await reviews.DecideAsync(secondReviewer, bySecondPhoto, ReviewVerdict.Confirm, "Same ear shape and scar.")).Succeeded);
        Assert.Equal(ReviewState.Pending, (await queries.SameFaceAsync(reviewer, firstPhoto))[0].State);

        // Once closed it says it was decided, and that this reviewer decided it, but not how it ended while this candidate is
        // still theirs to decide; this candidate is left undecided.
        Assert.True((await reviews.DecideAsync(reviewer, bySecondPhoto, ReviewVerdict.Confirm, "Same ear shape.")).Succeeded);
        var closed = (await queries.SameFaceAsync(reviewer, firstPhoto))[0];
        Assert.Equal(((ReviewState?)null, true), (closed.State, closed.YouLooked));
        Assert.True((await queries.ItemAsync(reviewer, firstPhoto)).Succeeded);
        Assert.Equal(ReviewState.Pending, (await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == firstPhoto)).ReviewState);

        // The group keeps its place as its findings are decided: after the first photo's, "next" is the template's, not F2.
        Assert.Equal(firstPhoto, await queries.NextAsync(reviewer, new ReviewQueueFilter(), []));
        Assert.True((await reviews.DecideAsync(reviewer, firstPhoto, ReviewVerdict.Reject, "Different nose bridge.")).Succeeded);
        Assert.Equal(byTemplate, await queries.NextAsync(reviewer, new ReviewQueueFilter(), []));
        // Having decided it, they are told how the other finding ended.
        Assert.Equal(ReviewState.Confirmed, (await queries.SameFaceAsync(reviewer, firstPhoto))[0].State);
    }

    [Fact]
    public async Task TheSecondReviewerIsNotToldHowAnotherFindingOfTheSameFaceEndedUntilTheyHaveDecidedTheirs()
    {
        var icmecReviewer = await ReviewScenario.ActorAsync(Bed.Host.Services, "reviewer@icmec.example");
        var seeded = await SameFaceScenario.SeedAsync(Bed.Host.Services, Staff, icmecReviewer.OrganisationId!.Value);
        var (closedSibling, awaitingSecond) = (seeded.ByFirstPhoto, seeded.BySecondPhoto);
        var first = await ReviewScenario.ActorAsync(Bed.Host.Services, TestAccounts.ThornReviewer);
        var second = await ReviewScenario.ActorAsync(Bed.Host.Services, TestAccounts.ThornSecondReviewer);
        var reviews = Bed.Host.Get<ReviewService>();
        var queries = Bed.Host.Get<ReviewQueries>();
        // The sibling is closed as a confirmed lead; the candidate under review has its first confirm and waits for the second.
        Assert.True((await reviews.DecideAsync(first, closedSibling, ReviewVerdict.Confirm, "Same scar above the eyebrow.")).Succeeded);
        Assert.True((await reviews.DecideAsync(second, closedSibling, ReviewVerdict.Confirm, "Same scar and ear.")).Succeeded);
        Assert.True((await reviews.DecideAsync(first, awaitingSecond, ReviewVerdict.Confirm, "Same hairline.")).Succeeded);

        async Task<SameFaceFinding> SiblingAsSeenBy(Actor actor) =>
            (await queries.SameFaceAsync(actor, awaitingSecond)).Single(f => f.CandidateId == closedSibling);

        // The second reviewer, still to decide: decided, and nothing of how (they know only their own half of it).
        Assert.Equal(((ReviewState?)null, true), ((await SiblingAsSeenBy(second)).State, (await SiblingAsSeenBy(second)).YouLooked));
        // The first reviewer of this candidate has decided it, so may be told.
        Assert.Equal(ReviewState.Confirmed, (await SiblingAsSeenBy(first)).State);

        Assert.True((await reviews.DecideAsync(second, awaitingSecond, ReviewVerdict.Reject, "Different ear lobe.")).Succeeded);
        Assert.Equal(ReviewState.Confirmed, (await SiblingAsSeenBy(second)).State);
    }
}
