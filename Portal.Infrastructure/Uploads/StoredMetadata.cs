using System.Buffers.Binary;

namespace Portal.Infrastructure.Uploads;

/// <summary>
/// Whether a stored photo (one the portal wrote, so well-formed) carries anything but pixels: a PNG chunk other
/// than IHDR, PLTE, IDAT and IEND; a JPEG segment before its first scan that is an APPn other than JFIF, or a
/// comment. Reads headers only, so checking every stored photo at each start stays cheap.
/// </summary>
internal static class StoredMetadata
{
    public static bool Carries(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        Span<byte> head = stackalloc byte[8];
        if (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) < 8)
            return false; // not an image the portal wrote; the reader will say so if it is ever opened
        return head[0] == 0x89 ? PngCarries(stream, head) : JpegCarries(stream, head);
    }

    private static bool PngCarries(Stream stream, Span<byte> head)
    {
        for (var chunks = 0; chunks < 100_000 && stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8; chunks++)
        {
            var type = System.Text.Encoding.ASCII.GetString(head[4..8]);
            if (type is not ("IHDR" or "PLTE" or "IDAT" or "IEND"))
                return true;
            if (type == "IEND")
                return false;
            stream.Position += BinaryPrimitives.ReadUInt32BigEndian(head) + 4L;
        }
        return false;
    }

    private static bool JpegCarries(Stream stream, Span<byte> head)
    {
        stream.Position = 2;
        Span<byte> identifier = stackalloc byte[5];
        for (var segments = 0; segments < 1_000 && stream.ReadAtLeast(head[..4], 4, throwOnEndOfStream: false) == 4; segments++)
        {
            if (head[0] != 0xFF || head[1] == 0xDA)
                return false;
            var length = BinaryPrimitives.ReadUInt16BigEndian(head[2..]);
            if (head[1] is (>= 0xE1 and <= 0xEF) or 0xFE)
                return true;
            if (head[1] == 0xE0)
            {
                if (stream.ReadAtLeast(identifier, 5, throwOnEndOfStream: false) < 5 || !identifier.SequenceEqual("JFIF\0"u8))
                    return true;
                stream.Position -= 5;
            }
            stream.Position += length - 2;
        }
        return false;
    }
}
