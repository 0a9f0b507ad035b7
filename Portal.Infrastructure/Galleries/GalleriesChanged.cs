namespace Portal.Infrastructure.Galleries;

/// <summary>
/// Published when a gallery's photos or sharing change outside the queue (a photo or the gallery deleted, shared,
/// unshared), so its open pages re-read. <see cref="Guid.Empty"/> stands for any gallery.
/// </summary>
public sealed record GalleriesChanged(Guid GalleryId)
{
    public bool Concerns(Guid galleryId) => GalleryId == galleryId || GalleryId == Guid.Empty;
}
