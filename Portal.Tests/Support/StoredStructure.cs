using System.Buffers.Binary;

namespace Portal.Tests.Support;

/// <summary>Lists what a stored file is made of, to assert it carries pixels and nothing else.</summary>
public static class StoredStructure
{
    /// <summary>The chunk types of a PNG, in order.</summary>
    public static IReadOnlyList<string> PngChunks(byte[] png)
    {
        var chunks = new List<string>();
        for (var at = 8; at + 8 <= png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            chunks.Add(System.Text.Encoding.ASCII.GetString(png, at + 4, 4));
            at += 12 + length;
        }
        return chunks;
    }

    /// <summary>The markers of a JPEG's segments up to its first scan (where metadata lives), as "FFE0" and so on.</summary>
    public static IReadOnlyList<string> JpegMarkersBeforeScan(byte[] jpeg)
    {
        var markers = new List<string>();
        for (var at = 2; at + 4 <= jpeg.Length && jpeg[at] == 0xFF;)
        {
            markers.Add($"FF{jpeg[at + 1]:X2}");
            if (jpeg[at + 1] == 0xDA)
                break;
            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(at + 2));
        }
        return markers;
    }

    /// <summary>Pixels only: a PNG of IHDR, IDAT and IEND (PLTE allowed); a JPEG whose only APPn is the JFIF header, without comments.</summary>
    public static void AssertPixelsOnly(byte[] stored)
    {
        if (stored[0] == 0x89)
        {
            Assert.All(PngChunks(stored), chunk => Assert.Contains(chunk, (string[])["IHDR", "PLTE", "IDAT", "IEND"]));
        }
        else
        {
            var markers = JpegMarkersBeforeScan(stored);
            Assert.All(markers.Where(m => m is ("FFFE") || string.CompareOrdinal(m, "FFE0") >= 0 && string.CompareOrdinal(m, "FFEF") <= 0),
                marker => Assert.Equal("FFE0", marker));
            Assert.Single(markers, "FFE0");
            Assert.StartsWith("JFIF\0", System.Text.Encoding.ASCII.GetString(stored, 6, 5), StringComparison.Ordinal);
        }
        Assert.True(stored.AsSpan().IndexOf("safehouse"u8) < 0, "the stored file still carries the uploaded text");
        Assert.True(stored.AsSpan().IndexOf("Exif"u8) < 0, "the stored file still carries EXIF");
        Assert.True(stored.AsSpan().IndexOf("ICC_PROFILE"u8) < 0, "the stored file still carries an ICC profile");
    }
}
