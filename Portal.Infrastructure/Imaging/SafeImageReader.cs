using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Portal.Infrastructure.Imaging;

/// <summary>
/// The only way an untrusted image is decoded. ImageSharp 2.1 has advisories in its GIF, TIFF, BMP and ICC
/// code, so only JPEG and PNG decoders are registered, both told never to read metadata (a PNG text chunk is
/// otherwise inflated without limit, even by Identify: a 390 KB file took 47 s and 2 GB). The type comes from
/// the content; a structural pre-scan (<see cref="PngStructure"/>, <see cref="JpegStructure"/>) and Identify
/// check the file before any pixel is decoded; every step runs under the allocation cap and the time limit
/// (<see cref="WithinLimits"/>); the result is upright and carries no metadata.
/// </summary>
public sealed class SafeImageReader
{
    private const int HeadLength = 64;
    private readonly ImageLimits _limits;
    private readonly TimeProvider _time;
    private readonly Configuration _configuration;

    public SafeImageReader(IOptions<ImageLimits> limits) : this(limits, TimeProvider.System) { }

    public SafeImageReader(IOptions<ImageLimits> limits, TimeProvider time)
    {
        _limits = limits.Value;
        _time = time;
        _configuration = new Configuration(new JpegConfigurationModule(), new PngConfigurationModule())
        {
            PreferContiguousImageBuffers = true,
            // Queue workers decode in parallel already; within one decode, more threads only contend (measured).
            MaxDegreeOfParallelism = 1,
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                AllocationLimitMegabytes = _limits.AllocationLimitMegabytes,
                MaximumPoolSizeMegabytes = 64,
            }),
        };
        _configuration.ImageFormatsManager.SetDecoder(JpegFormat.Instance, new JpegDecoder { IgnoreMetadata = true });
        _configuration.ImageFormatsManager.SetDecoder(PngFormat.Instance, new PngDecoder { IgnoreMetadata = true });
    }

    /// <summary>The decoders' configuration, for tests that check what a decoder reads.</summary>
    internal Configuration Configuration => _configuration;

    /// <summary>Type, dimensions and limits, from the header alone. Throws <see cref="ImageRejectedException"/>. Blocks; prefer <see cref="InspectAsync"/>.</summary>
    public (ImageSignature.Kind Kind, int Width, int Height) Inspect(Stream stream)
    {
        var structure = InspectAsync(stream).GetAwaiter().GetResult();
        return (structure.Kind, structure.Width, structure.Height);
    }

    /// <summary>Signature, structural pre-scan and Identify, within the time limit and the allocation cap.</summary>
    public Task<ImageStructure> InspectAsync(Stream stream, CancellationToken cancellationToken = default) =>
        WithinLimits.RunAsync(_ => Task.FromResult(InspectNow(stream)), _limits.DecodeTimeout, _time, cancellationToken);

    /// <summary>Decodes within the allocation and time caps, after the same checks as <see cref="InspectAsync"/>; upright, without metadata.</summary>
    public async Task<Image<Rgb24>> DecodeAsync(Stream stream, CancellationToken cancellationToken = default) =>
        (await DecodeWithKindAsync(stream, cancellationToken)).Image;

    /// <summary>As <see cref="DecodeAsync"/>, also saying whether the content was a JPEG or a PNG.</summary>
    public async Task<(Image<Rgb24> Image, ImageSignature.Kind Kind)> DecodeWithKindAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var decoded = await WithinLimits.RunAsync(token => DecodeNowAsync(stream, token), _limits.DecodeTimeout, _time, cancellationToken);
        return (decoded.Image, decoded.Structure.Kind);
    }

    private sealed record Decoded(Image<Rgb24> Image, ImageStructure Structure) : IDisposable
    {
        public void Dispose() => Image.Dispose();
    }

    private async Task<Decoded> DecodeNowAsync(Stream stream, CancellationToken cancellationToken)
    {
        var start = stream.Position;
        var structure = InspectNow(stream);
        stream.Position = start;
        var image = await Image.LoadAsync<Rgb24>(_configuration, stream, cancellationToken);
        try
        {
            if (image.Width != structure.Width || image.Height != structure.Height)
                throw new ImageRejectedException("The image's pixels do not match its header; the file was refused.");
            ApplyOrientation(image, structure.Orientation);
            return new Decoded(image, structure);
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>The decoders read no metadata, so the orientation the pre-scan found is applied here, and nothing else is kept.</summary>
    private static void ApplyOrientation(Image<Rgb24> image, int orientation)
    {
        if (orientation != 1)
        {
            image.Metadata.ExifProfile = new ExifProfile();
            image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)orientation);
            image.Mutate(x => x.AutoOrient());
        }
        image.Metadata.ExifProfile = null;
        image.Metadata.XmpProfile = null;
        image.Metadata.IptcProfile = null;
        image.Metadata.IccProfile = null;
    }

    private ImageStructure InspectNow(Stream stream)
    {
        if (!stream.CanSeek)
            throw new NotSupportedException("SafeImageReader reads seekable streams only (a file or a buffer).");
        var start = stream.Position;
        try
        {
            Span<byte> head = stackalloc byte[HeadLength];
            var read = stream.ReadAtLeast(head, HeadLength, throwOnEndOfStream: false);
            stream.Position = start;
            var (kind, description) = ImageSignature.Detect(head[..read]);
            var structure = kind switch
            {
                ImageSignature.Kind.Png => PngStructure.Scan(stream),
                ImageSignature.Kind.Jpeg => JpegStructure.Scan(stream),
                _ => throw new ImageRejectedException($"The file is {description}; only JPEG and PNG photos are accepted."),
            };
            CheckDimensions(structure.Width, structure.Height);
            stream.Position = start;
            var info = Image.Identify(_configuration, stream)
                ?? throw new ImageRejectedException("The file is not a readable JPEG or PNG image.");
            if (info.Width != structure.Width || info.Height != structure.Height)
                throw new ImageRejectedException($"The {kind.ToString().ToUpperInvariant()} header is damaged and cannot be read.");
            return structure;
        }
        finally
        {
            stream.Position = start;
        }
    }

    /// <summary>
    /// Re-encodes a decoded upload in its own kind: the only form of it the portal stores. A PNG stays lossless:
    /// small lossless scans (150-pixel faces) lost up to 0.11 of similarity to their original when stored as JPEG.
    /// </summary>
    public static async Task SaveForStorageAsync(Image<Rgb24> image, ImageSignature.Kind kind, Stream destination, CancellationToken cancellationToken = default)
    {
        if (kind == ImageSignature.Kind.Png)
            await image.SaveAsPngAsync(destination, StoredPng, cancellationToken);
        else
            await SaveJpegAsync(image, destination, cancellationToken);
    }

    /// <summary>
    /// Encodes as JPEG with 4:2:0 chroma, as camera JPEGs already are: 4:4:4 cost a third more CPU per upload on
    /// the queue benchmark and changed no stored photo's face embedding measurably.
    /// </summary>
    public static async Task SaveJpegAsync(Image<Rgb24> image, Stream destination, CancellationToken cancellationToken = default) =>
        await image.SaveAsJpegAsync(destination, StoredJpeg, cancellationToken);

    private static readonly JpegEncoder StoredJpeg = new() { Quality = 92, ColorType = JpegColorType.YCbCrRatio420 };
    /// <summary>Pixels only: without the filter the encoder writes pHYs (and any text it was given).</summary>
    private static readonly PngEncoder StoredPng = new()
    {
        ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8, ChunkFilter = PngChunkFilter.ExcludeAll, IgnoreMetadata = true,
    };

    private void CheckDimensions(int width, int height)
    {
        if (width < 1 || height < 1)
            throw new ImageRejectedException("The image has no pixels.");
        if (width > _limits.MaxSide || height > _limits.MaxSide)
            throw new ImageRejectedException($"The image is {width}×{height} pixels; neither side may exceed {_limits.MaxSide}.");
        if ((long)width * height > _limits.MaxMegapixels * 1_000_000L)
            throw new ImageRejectedException($"The image has {(long)width * height / 1_000_000.0:0.#} megapixels; at most {_limits.MaxMegapixels} are accepted.");
        var aspect = (double)Math.Max(width, height) / Math.Min(width, height);
        if (aspect > _limits.MaxAspectRatio)
            throw new ImageRejectedException($"The image is {width}×{height} pixels, too narrow to be a photo (aspect over {_limits.MaxAspectRatio}:1).");
    }
}
