using Portal.Domain.Galleries;
using Portal.Domain.Queue;
using Portal.Infrastructure.Galleries;
using Portal.Web.Components.Galleries;

namespace Portal.Tests.Web.Components;

/// <summary>Issue 13, bug 2: a photo just uploaded reads as queued until the list is read again, never as deleted.</summary>
public sealed class BatchRowTests
{
    private static readonly Guid ImageId = Guid.NewGuid();

    [Fact]
    public void APhotoJustStoredButNotYetInTheListIsQueued()
    {
        var row = new BatchRow("child.jpg") { Uploading = false, ImageId = ImageId };

        Assert.Equal("Queued", row.Describe(new Dictionary<Guid, GalleryImageView>()).Status);
    }

    [Fact]
    public void APhotoThatWasListedAndIsGoneIsDeleted()
    {
        var row = new BatchRow("child.jpg") { Uploading = false, ImageId = ImageId };
        var listed = new Dictionary<Guid, GalleryImageView>
        {
            [ImageId] = new(ImageId, "child.jpg", 640, 480, DateTimeOffset.UnixEpoch, "staff", ImageOutcome.Indexed, 1, null, JobState.Succeeded, 100),
        };

        Assert.Equal("Indexed with 1 face", row.Describe(listed).Status);
        Assert.Equal("Deleted", row.Describe(new Dictionary<Guid, GalleryImageView>()).Status);
    }
}
