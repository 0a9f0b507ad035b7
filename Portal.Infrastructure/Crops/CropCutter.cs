using Portal.Infrastructure.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Portal.Infrastructure.Crops;

/// <summary>Cuts a face's crops from a photo that is already decoded; the photo itself is left as it was.</summary>
public static class CropCutter
{
    /// <summary>Result pages show crops at 160 pixels; 192 leaves a little to spare.</summary>
    public const int StandardSize = 192;

    /// <summary>
    /// The review screen shows a crop in a 256-pixel frame and zooms up to 3×, so 768 pixels stay one crop pixel per
    /// screen pixel at the largest zoom. A smaller face is kept at its own resolution: enlarging it adds no detail.
    /// </summary>
    public const int LargeSize = 768;

    public static async Task<FaceCrop> CutAsync(Image<Rgb24> photo, float x, float y, float width, float height, CancellationToken cancellationToken = default)
    {
        // A square a little larger than the face, so hair and chin are visible to the reviewer.
        var side = Math.Max(width, height) * 1.3f;
        var left = (int)Math.Clamp(x + width / 2 - side / 2, 0, photo.Width - 1);
        var top = (int)Math.Clamp(y + height / 2 - side / 2, 0, photo.Height - 1);
        var region = new Rectangle(left, top, Math.Max(1, (int)Math.Min(side, photo.Width - left)), Math.Max(1, (int)Math.Min(side, photo.Height - top)));
        var largeSize = Math.Clamp((int)side, StandardSize, LargeSize);
        // Cropping while cloning copies only the region, never the whole photo; black pads a region cut short by an edge.
        using var large = photo.Clone(c => c.Crop(region).Resize(Square(largeSize)));
        using var standard = large.Clone(c => c.Resize(Square(StandardSize)));
        return new FaceCrop(await EncodeAsync(standard, cancellationToken), await EncodeAsync(large, cancellationToken));
    }

    private static ResizeOptions Square(int size) => new() { Size = new Size(size, size), Mode = ResizeMode.Pad, PadColor = Color.Black };

    private static async Task<byte[]> EncodeAsync(Image<Rgb24> image, CancellationToken cancellationToken)
    {
        using var output = new MemoryStream();
        await SafeImageReader.SaveJpegAsync(image, output, cancellationToken);
        return output.ToArray();
    }
}
