using System.Buffers.Binary;

namespace Portal.Infrastructure.Imaging;

/// <summary>
/// Reads the orientation tag (0x0112) from a JPEG's APP1 EXIF block, and nothing else: the decoders never read
/// metadata, and orientation is the one piece a photo needs to be upright. Only the first directory (IFD0) of
/// the one segment is looked at, so no offset can send the reader elsewhere or round in circles.
/// </summary>
internal static class ExifOrientation
{
    private const ushort OrientationTag = 0x0112;

    /// <summary>The orientation (1–8) in the APP1 segment of <paramref name="length"/> bytes at the stream's position; 1 when absent or unreadable.</summary>
    public static int Read(Stream stream, int length)
    {
        var segment = new byte[length];
        if (stream.ReadAtLeast(segment, length, throwOnEndOfStream: false) < length)
            return 1;
        return Parse(segment);
    }

    internal static int Parse(ReadOnlySpan<byte> segment)
    {
        if (!segment.StartsWith("Exif\0\0"u8) || segment.Length < 14)
            return 1;
        var tiff = segment[6..];
        bool little;
        if (tiff.StartsWith("II*\0"u8))
            little = true;
        else if (tiff.StartsWith("MM\0*"u8))
            little = false;
        else
            return 1;
        var directory = Read32(tiff[4..], little);
        if (directory < 8 || directory > tiff.Length - 2)
            return 1;
        var count = Read16(tiff[(int)directory..], little);
        for (var i = 0; i < count; i++)
        {
            var entry = (int)directory + 2 + i * 12;
            if (entry + 12 > tiff.Length)
                return 1;
            // Type 3 (SHORT), count 1: the value sits in the entry itself, no offset to follow.
            if (Read16(tiff[entry..], little) == OrientationTag)
                return Read16(tiff[(entry + 2)..], little) == 3 && Read32(tiff[(entry + 4)..], little) == 1
                    && Read16(tiff[(entry + 8)..], little) is var value and >= 1 and <= 8 ? value : 1;
        }
        return 1;
    }

    private static ushort Read16(ReadOnlySpan<byte> bytes, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16BigEndian(bytes);

    private static uint Read32(ReadOnlySpan<byte> bytes, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : BinaryPrimitives.ReadUInt32BigEndian(bytes);
}
