using Portal.Domain.Galleries;
using Portal.Domain.Queue;

namespace Portal.Tests.Domain;

/// <summary>Issue 13, bug 3: a stored photo's state in words, one source for the upload list and the photo table.</summary>
public sealed class PhotoStateTests
{
    [Theory]
    [InlineData(ImageOutcome.Pending, JobState.Queued, 0, null, "Queued", "Stored; queued for indexing.")]
    [InlineData(ImageOutcome.Pending, JobState.Running, 0, null, "Indexing", "Looking for faces.")]
    [InlineData(ImageOutcome.Pending, JobState.HeldByMoratorium, 0, null, "Held by moratorium", "Indexing waits while a moratorium applies; it resumes by itself.")]
    [InlineData(ImageOutcome.Indexed, JobState.Succeeded, 1, null, "Indexed with 1 face", "Searches can find it now.")]
    [InlineData(ImageOutcome.Indexed, JobState.Succeeded, 3, "face at 5,5: blurred", "Indexed with 3 faces", "Searches can find it now. Not indexed: face at 5,5: blurred")]
    [InlineData(ImageOutcome.NoFace, JobState.Succeeded, 0, null, "No face found", "No face was found in this photo; searches cannot find it.")]
    [InlineData(ImageOutcome.BelowQuality, JobState.Succeeded, 0, "face at 5,5: too small", "Faces below quality", "Not indexed: face at 5,5: too small")]
    [InlineData(ImageOutcome.Failed, JobState.DeadLettered, 0, "The photo is truncated.", "Failed", "The photo is truncated.")]
    public void SaysWhereAPhotoStandsInWords(ImageOutcome outcome, JobState job, int faces, string? details, string status, string detail)
    {
        var state = PhotoState.Of(outcome, job, faces, details);

        Assert.Equal((status, detail), (state.Status, state.Detail));
    }

    [Fact]
    public void AFailureWithoutAReasonSaysThePlatformTeamWasTold() =>
        Assert.Equal(JobFailures.GaveUp, PhotoState.Of(ImageOutcome.Failed, JobState.DeadLettered, 0, null).Detail);

    [Fact]
    public void NoStateIsShownByItsRawName()
    {
        foreach (var outcome in Enum.GetValues<ImageOutcome>())
            foreach (var job in Enum.GetValues<JobState>().Cast<JobState?>().Append(null))
            {
                var state = PhotoState.Of(outcome, job, 1, null);
                Assert.DoesNotContain(state.Status, Enum.GetNames<ImageOutcome>().Concat(Enum.GetNames<JobState>()).Where(n => n != "Failed" && n != "Queued"));
                Assert.False(string.IsNullOrWhiteSpace(state.Detail));
            }
    }
}
