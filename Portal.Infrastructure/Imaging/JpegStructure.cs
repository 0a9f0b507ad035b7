using System.Buffers;
using System.Buffers.Binary;

namespace Portal.Infrastructure.Imaging;

/// <summary>
/// Walks a JPEG's markers before any decoder runs: segment lengths must fit the file, one frame header comes
/// before the first scan, scans are few, and the file reaches its end-of-image marker. APPn and COM segments are
/// skipped unread, except the first EXIF block, from which <see cref="ExifOrientation"/> takes the orientation and
/// nothing else; too many bytes of them refuse the file. Bytes after the end (an appended preview or gain map)
/// are ignored: never decoded, never stored.
/// </summary>
internal static class JpegStructure
{
    private const string Format = "JPEG";
    /// <summary>Progressive encoders write about ten scans; hundreds make a decoder redo the whole image hundreds of times.</summary>
    public const int MaxScans = 64;
    private const int MaxSegments = 1_000;

    public static ImageStructure Scan(Stream stream)
    {
        stream.Position = 2; // FF D8, checked by ImageSignature
        Span<byte> marker = stackalloc byte[4];
        var (width, height, orientation, scans, segments, metadataBytes, sawFrame) = (0, 0, 1, 0, 0, 0L, false);
        while (true)
        {
            var code = NextMarker(stream);
            if (code == 0xD9)
                return scans == 0 ? throw ImageStructure.Damaged(Format, "no image data") : new ImageStructure(ImageSignature.Kind.Jpeg, width, height, orientation);
            if (code is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
                throw ImageStructure.Damaged(Format, $"a misplaced marker FF{code:X2}");
            if (++segments > MaxSegments)
                throw new ImageRejectedException($"The JPEG file has more than {MaxSegments} segments; it was refused.");
            ImageStructure.ReadExactly(stream, marker[..2], Format);
            var length = BinaryPrimitives.ReadUInt16BigEndian(marker) - 2;
            if (length < 0 || stream.Position + length > stream.Length)
                throw length < 0 ? ImageStructure.Damaged(Format, "a segment shorter than its header") : ImageStructure.Truncated(Format);
            var next = stream.Position + length;
            switch (code)
            {
                case >= 0xC0 and <= 0xCF when code is not (0xC4 or 0xC8 or 0xCC): // SOFn: not DHT, JPG, DAC
                    if (sawFrame || length < 6)
                        throw ImageStructure.Damaged(Format, sawFrame ? "a second frame header" : "a short frame header");
                    sawFrame = true;
                    stream.Position++; // sample precision, then height and width
                    ImageStructure.ReadExactly(stream, marker, Format);
                    (height, width) = (BinaryPrimitives.ReadUInt16BigEndian(marker), BinaryPrimitives.ReadUInt16BigEndian(marker[2..]));
                    break;
                case 0xDA:
                    if (!sawFrame)
                        throw ImageStructure.Damaged(Format, "a scan before the frame header");
                    if (++scans > MaxScans)
                        throw new ImageRejectedException($"The JPEG file has more than {MaxScans} scans; it was refused.");
                    stream.Position = next;
                    SkipEntropyCodedData(stream);
                    continue;
                case >= 0xE0 and <= 0xEF or 0xFE:
                    if ((metadataBytes += length) > ImageStructure.MaxMetadataBytes)
                        throw ImageStructure.TooMuchMetadata(Format);
                    if (code == 0xE1 && orientation == 1)
                        orientation = ExifOrientation.Read(stream, length);
                    break;
            }
            stream.Position = next;
        }
    }

    /// <summary>The next marker's code, skipping fill bytes (FF FF …); anything else between segments is damage.</summary>
    private static int NextMarker(Stream stream)
    {
        var b = stream.ReadByte();
        if (b != 0xFF)
            throw b < 0 ? ImageStructure.Truncated(Format) : ImageStructure.Damaged(Format, "bytes between segments");
        while ((b = stream.ReadByte()) == 0xFF) { }
        return b < 0 ? throw ImageStructure.Truncated(Format) : b;
    }

    /// <summary>Moves to the marker that ends a scan: an FF not followed by 00 (stuffing) or D0–D7 (restart).</summary>
    private static void SkipEntropyCodedData(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (true)
            {
                var start = stream.Position;
                var read = stream.Read(buffer, 0, buffer.Length);
                if (read < 2)
                    throw ImageStructure.Truncated(Format);
                for (var i = buffer.AsSpan(0, read - 1).IndexOf((byte)0xFF); i >= 0 && i < read - 1;)
                {
                    if (buffer[i + 1] is not (0x00 or 0xFF or (>= 0xD0 and <= 0xD7)))
                    {
                        stream.Position = start + i;
                        return;
                    }
                    var found = buffer.AsSpan(i + 1, read - 2 - i).IndexOf((byte)0xFF);
                    i = found < 0 ? -1 : i + 1 + found;
                }
                stream.Position = start + read - 1; // the last byte may be an FF whose partner is in the next block
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
