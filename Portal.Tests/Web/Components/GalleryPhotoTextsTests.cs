using Bunit;
using Portal.Domain.Galleries;
using Portal.Domain.Queue;
using Portal.Infrastructure.Galleries;
using Portal.Tests.Support;
using Portal.Web.Components.Galleries;

namespace Portal.Tests.Web.Components;

/// <summary>
/// Issue 13, bug 3: on a gallery's page, the live upload list and the photo table tell one current story about a
/// photo: never "Indexed" beside "queued for indexing", never "Waiting" in one where the other says "Indexing".
/// </summary>
public sealed class GalleryPhotoTextsTests : PortalComponentTest
{
    private static readonly Guid ImageId = Guid.NewGuid();

    [Theory]
    [InlineData(ImageOutcome.Pending, JobState.Queued, 0, null, "Queued", "Stored; queued for indexing.")]
    [InlineData(ImageOutcome.Pending, JobState.HeldByMoratorium, 0, null, "Held by moratorium", "Indexing waits while a moratorium applies; it resumes by itself.")]
    [InlineData(ImageOutcome.Indexed, JobState.Succeeded, 1, null, "Indexed with 1 face", "Searches can find it now.")]
    [InlineData(ImageOutcome.Indexed, JobState.Succeeded, 2, "face at 5,5: blurred", "Indexed with 2 faces", "Searches can find it now. Not indexed: face at 5,5: blurred")]
    [InlineData(ImageOutcome.NoFace, JobState.Succeeded, 0, null, "No face found", "No face was found in this photo; searches cannot find it.")]
    [InlineData(ImageOutcome.Failed, JobState.DeadLettered, 0, "The photo is truncated.", "Failed", "The photo is truncated.")]
    public void TheUploadListAndThePhotoTableSayTheSameAboutAPhoto(ImageOutcome outcome, JobState job, int faces, string? details, string status, string detail)
    {
        var image = Image(outcome, job, faces, details);
        var (batch, table) = RenderBoth(image);

        Assert.Equal((status, status), (Text(batch, "batch-status"), Text(table, "image-status")));
        Assert.Equal((detail, detail), (Text(batch, "batch-detail"), Text(table, "image-detail")));
    }

    [Fact]
    public void APhotoBeingIndexedIsIndexingInBothWithItsProgress()
    {
        var (batch, table) = RenderBoth(Image(ImageOutcome.Pending, JobState.Running, 0, null, progress: 60));

        Assert.Equal(("Indexing", "Indexing"), (Text(batch, "batch-status"), Text(table, "image-status")));
        Assert.Equal("Looking for faces.", Text(table, "image-detail"));
        Assert.Single(batch.FindAll(".mud-progress-linear"));
    }

    [Fact]
    public void AnIndexedPhotoNoLongerSaysItIsQueued()
    {
        var (batch, _) = RenderBoth(Image(ImageOutcome.Indexed, JobState.Succeeded, 1, null));

        Assert.DoesNotContain("queued", batch.Markup, StringComparison.OrdinalIgnoreCase);
    }

    private (IRenderedComponent<UploadBatchList> Batch, IRenderedComponent<ImageTable> Table) RenderBoth(GalleryImageView image)
    {
        // The row as the upload left it: its first message was the upload's answer.
        var row = new BatchRow("child.jpg") { Uploading = false, ImageId = ImageId, Message = PhotoState.JustStored.Detail };
        var images = new Dictionary<Guid, GalleryImageView> { [ImageId] = image };
        return (Render<UploadBatchList>(p => p.Add(c => c.Rows, [row]).Add(c => c.Images, images)),
            Render<ImageTable>(p => p.Add(c => c.Images, [image])));
    }

    private static GalleryImageView Image(ImageOutcome outcome, JobState job, int faces, string? details, int progress = 0) =>
        new(ImageId, "child.jpg", 640, 480, DateTimeOffset.UnixEpoch, "staff@thorn.example", outcome, faces, details, job, progress);

    private static string Text<T>(IRenderedComponent<T> component, string testId) where T : Microsoft.AspNetCore.Components.IComponent =>
        component.Find($"[data-testid={testId}]").TextContent.Trim();
}
