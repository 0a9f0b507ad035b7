using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace Portal.Infrastructure.Imaging;

/// <summary>
/// The only way an untrusted image is decoded. ImageSharp 2.1 has advisories in its GIF, TIFF, BMP and ICC
/// code, so only JPEG and PNG decoders are registered; the type comes from the content; size, sides and aspect
/// are checked from the header before any pixel is decoded; allocation and time are capped; the result is
/// upright and carries no metadata.
/// </summary>
public sealed class SafeImageReader
{
    private const int HeadLength = 64;
    private readonly ImageLimits _limits;
    private readonly Configuration _configuration;

    public SafeImageReader(IOptions<ImageLimits> limits)
    {
        _limits = limits.Value;
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
    }

    /// <summary>Type, dimensions and limits, from the header alone. Throws <see cref="ImageRejectedException"/>.</summary>
    public (ImageSignature.Kind Kind, int Width, int Height) Inspect(Stream stream)
    {
        var start = stream.Position;
        Span<byte> head = stackalloc byte[HeadLength];
        var read = stream.ReadAtLeast(head, HeadLength, throwOnEndOfStream: false);
        stream.Position = start;
        var (kind, description) = ImageSignature.Detect(head[..read]);
        if (kind == ImageSignature.Kind.Other)
            throw new ImageRejectedException($"The file is {description}; only JPEG and PNG photos are accepted.");
        if (stream.CanSeek && !HasEnding(stream, kind))
            throw new ImageRejectedException($"The {kind.ToString().ToUpperInvariant()} file is truncated: its end is missing.");

        SixLabors.ImageSharp.IImageInfo? info;
        try
        {
            info = Image.Identify(_configuration, stream);
        }
        catch (Exception exception) when (exception is ImageFormatException or InvalidImageContentException or UnknownImageFormatException or NotSupportedException)
        {
            throw new ImageRejectedException($"The {kind.ToString().ToUpperInvariant()} header is damaged and cannot be read.");
        }
        finally
        {
            stream.Position = start;
        }
        if (info is null)
            throw new ImageRejectedException("The file is not a readable JPEG or PNG image.");
        CheckDimensions(info.Width, info.Height);
        return (kind, info.Width, info.Height);
    }

    /// <summary>
    /// A complete JPEG ends with the end-of-image marker (FF D9), a complete PNG with its IEND chunk, give or
    /// take trailing bytes some tools append. A decoder would fill a truncated image with grey rather than fail.
    /// </summary>
    private static bool HasEnding(Stream stream, ImageSignature.Kind kind)
    {
        var start = stream.Position;
        try
        {
            var tail = new byte[(int)Math.Min(4096, stream.Length - start)];
            stream.Position = stream.Length - tail.Length;
            stream.ReadExactly(tail);
            return kind == ImageSignature.Kind.Jpeg
                ? tail.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) >= 0
                : tail.AsSpan().IndexOf("IEND"u8) >= 0;
        }
        finally
        {
            stream.Position = start;
        }
    }

    /// <summary>Decodes after <see cref="Inspect"/>, within the allocation and time caps; upright, without metadata.</summary>
    public async Task<Image<Rgb24>> DecodeAsync(Stream stream, CancellationToken cancellationToken = default) =>
        (await DecodeWithKindAsync(stream, cancellationToken)).Image;

    /// <summary>As <see cref="DecodeAsync"/>, also saying whether the content was a JPEG or a PNG.</summary>
    public async Task<(Image<Rgb24> Image, ImageSignature.Kind Kind)> DecodeWithKindAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var (kind, _, _) = Inspect(stream);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_limits.DecodeTimeout);
        Image<Rgb24> image;
        try
        {
            image = await Image.LoadAsync<Rgb24>(_configuration, stream, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImageRejectedException($"Decoding took longer than {_limits.DecodeTimeout.TotalSeconds:0} seconds; the file was refused.");
        }
        catch (InvalidMemoryOperationException)
        {
            throw new ImageRejectedException("The image needs more memory to decode than the portal allows.");
        }
        catch (Exception exception) when (exception is ImageFormatException or InvalidImageContentException or UnknownImageFormatException or NotSupportedException)
        {
            throw new ImageRejectedException("The image data is damaged or truncated and cannot be decoded.");
        }
        try
        {
            // Orientation is applied to the pixels, then every metadata block (EXIF with GPS, XMP, IPTC, ICC) is dropped.
            image.Mutate(x => x.AutoOrient());
            image.Metadata.ExifProfile = null;
            image.Metadata.XmpProfile = null;
            image.Metadata.IptcProfile = null;
            image.Metadata.IccProfile = null;
            return (image, kind);
        }
        catch
        {
            image.Dispose();
            throw;
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
    private static readonly PngEncoder StoredPng = new() { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 };

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
