namespace Portal.Infrastructure.Imaging;

/// <summary>
/// What the structural pre-scan learned from a file before any decoder saw it: its kind, the dimensions its
/// header declares and, for a JPEG, the EXIF orientation (1 = upright), the only piece of metadata kept.
/// </summary>
public sealed record ImageStructure(ImageSignature.Kind Kind, int Width, int Height, int Orientation = 1)
{
    /// <summary>
    /// Metadata (PNG ancillary chunks, JPEG APPn and COM segments) is never read, only skipped; above this much of
    /// it a file is refused: no photo needs megabytes of it, and an attack (a text or ICC bomb) does.
    /// </summary>
    public const long MaxMetadataBytes = 2 * 1024 * 1024;

    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes, or says the file ends too early.</summary>
    internal static void ReadExactly(Stream stream, Span<byte> buffer, string format)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
            throw Truncated(format);
    }

    internal static ImageRejectedException Truncated(string format) => new($"The {format} file is truncated: its end is missing.");

    internal static ImageRejectedException Damaged(string format, string what) => new($"The {format} file is damaged ({what}) and cannot be read.");

    internal static ImageRejectedException TooMuchMetadata(string format) =>
        new($"The {format} file carries more than {MaxMetadataBytes / (1024 * 1024)} MB of metadata; it was refused.");
}
