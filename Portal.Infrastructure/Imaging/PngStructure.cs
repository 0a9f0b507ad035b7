using System.Buffers.Binary;

namespace Portal.Infrastructure.Imaging;

/// <summary>
/// Walks a PNG's chunks before any decoder runs: lengths must fit the file, IHDR comes first, image data
/// exists and the file reaches IEND. Ancillary chunks are skipped, never read; too many of them, or too many
/// bytes of them, refuse the file. Animated PNGs (acTL, fcTL, fdAT) are refused: a photo has one frame, and an
/// animation is where decoders have gone wrong. CRCs are not checked: the decoder does, and a wrong one only
/// spoils pixels. Bytes after IEND are ignored (never decoded, never stored).
/// </summary>
internal static class PngStructure
{
    private const string Format = "PNG";
    private const int MaxChunks = 20_000; // a 15 MB PNG written in 1 KB IDAT chunks has 15,000
    private const int MaxAncillaryChunks = 256;

    public static ImageStructure Scan(Stream stream)
    {
        var length = stream.Length;
        stream.Position = 8; // the signature was checked by ImageSignature
        Span<byte> head = stackalloc byte[8];
        Span<byte> header = stackalloc byte[13];
        var (width, height, chunks, ancillary, metadataBytes, sawData) = (0, 0, 0, 0, 0L, false);
        while (true)
        {
            ImageStructure.ReadExactly(stream, head, Format);
            var dataLength = BinaryPrimitives.ReadUInt32BigEndian(head);
            var type = head[4..8];
            if (!IsChunkType(type))
                throw ImageStructure.Damaged(Format, $"an invalid chunk at byte {stream.Position - 8}");
            if (dataLength > int.MaxValue || stream.Position + dataLength + 4 > length)
                throw new ImageRejectedException("The PNG file is truncated or damaged: a chunk runs past its end.");
            if (++chunks > MaxChunks)
                throw new ImageRejectedException($"The PNG file has more than {MaxChunks:N0} chunks; it was refused.");
            var name = System.Text.Encoding.ASCII.GetString(type);
            if (chunks == 1 && name != "IHDR")
                throw ImageStructure.Damaged(Format, "its header chunk is not first");
            switch (name)
            {
                case "IHDR" when chunks == 1 && dataLength == 13:
                    ImageStructure.ReadExactly(stream, header, Format);
                    (width, height) = (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header[4..]));
                    stream.Position += 4;
                    continue;
                case "IHDR":
                    throw ImageStructure.Damaged(Format, "a misplaced or malformed header chunk");
                case "acTL" or "fcTL" or "fdAT":
                    throw new ImageRejectedException("Animated PNG files are not accepted; upload a still photo.");
                case "IDAT":
                    sawData = true;
                    break;
                case "IEND":
                    if (!sawData)
                        throw ImageStructure.Damaged(Format, "no image data");
                    return new ImageStructure(ImageSignature.Kind.Png, width, height);
                case "PLTE" or "tRNS":
                    break;
                default:
                    if ((type[0] & 0x20) == 0) // an unknown critical chunk: a decoder must not guess
                        throw ImageStructure.Damaged(Format, $"an unknown critical chunk '{name}'");
                    if (++ancillary > MaxAncillaryChunks)
                        throw new ImageRejectedException($"The PNG file has more than {MaxAncillaryChunks} metadata chunks; it was refused.");
                    if ((metadataBytes += dataLength) > ImageStructure.MaxMetadataBytes)
                        throw ImageStructure.TooMuchMetadata(Format);
                    break;
            }
            stream.Position += dataLength + 4; // data and CRC, unread
        }
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
            if (b is not (>= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z'))
                return false;
        return true;
    }
}
