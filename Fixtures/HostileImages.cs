using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using static Portal.Fixtures.HostileBytes;

namespace Portal.Fixtures;

/// <summary>
/// One hostile or malformed file and its defined outcome: accepted at <see cref="Width"/>×<see cref="Height"/>
/// (stored as pixels only), or refused with a message containing <see cref="Refusal"/>.
/// </summary>
public sealed record HostileImage(string Name, string What, byte[] Bytes, string? Refusal, int Width = 64, int Height = 64)
{
    public bool Accepted => Refusal is null;
    public override string ToString() => Name;
}

/// <summary>
/// The hostile-image corpus, made by code (no binary is committed): text and ICC bombs, animation, structural
/// damage, header bombs, EXIF tricks. The tests assert each outcome; the <c>hostile</c> benchmark measures each
/// file's time and memory. Compiled into Portal.Tests and Portal.Benchmarks from Fixtures/.
/// </summary>
public static class HostileImages
{
    /// <summary>The reproduction of issue 11: 400,000,000 'A's deflated to about 390 KB; reused by every bomb.</summary>
    private static readonly Lazy<byte[]> Bomb = new(() => ZlibOfRepeated((byte)'A', 400_000_000));

    public static readonly string Location = "Location: 51.5007 N 0.1246 W, safehouse 12 Elm Street";

    private static readonly Lazy<IReadOnlyList<HostileImage>> Corpus = new(Build);

    public static IReadOnlyList<HostileImage> All => Corpus.Value;

    public static HostileImage Named(string name) => All.Single(i => i.Name == name);

    private static IReadOnlyList<HostileImage> Build()
    {
        var png = Png();
        var jpeg = Jpeg(64, 64);
        var text = Chunk("tEXt", Ascii("Comment\0x"));
        return
        [
            new("png-ztxt-bomb", "zTXt inflating to 400 MB (the issue's reproduction)", Png(Chunk("zTXt", [.. Ascii("Comment\0"), 0, .. Bomb.Value])), null),
            new("png-itxt-bomb", "compressed iTXt inflating to 400 MB", Png(Chunk("iTXt", [.. Ascii("Comment\0"), 1, 0, 0, 0, .. Bomb.Value])), null),
            new("png-iccp-bomb", "iCCP inflating to 400 MB", Png(Chunk("iCCP", [.. Ascii("icc\0"), 0, .. Bomb.Value])), null),
            new("png-location-text", "tEXt with a location and an address", Png(Chunk("tEXt", Ascii(Location.Replace(": ", "\0", StringComparison.Ordinal)))), null),
            new("png-thousands-of-text", "3,000 small tEXt chunks", Png([.. Enumerable.Repeat(Chunk("tEXt", Ascii("k\0v")), 3000)]), "more than 256 metadata chunks"),
            new("png-huge-iccp", "3 MB iCCP profile", Png(Chunk("iCCP", [.. Ascii("icc\0"), 0, .. Noise(3 << 20)])), "MB of metadata"),
            new("png-animated", "APNG: acTL, fcTL, fdAT", Animated(), "Animated PNG files are not accepted"),
            new("png-idat-overflow", "IDAT inflating to 100 MB behind a 64×64 header", Idat(64, 64, ZlibOfRepeated(0, 100_000_000)), null),
            new("png-idat-short", "IDAT holding 8 of 64 rows (the decoder leaves the rest black)", Idat(64, 64, Zlib(Scanlines(64, 8))), null),
            new("png-header-50000", "header declaring 50000×50000", Idat(50_000, 50_000, Zlib(new byte[16])), "50000×50000"),
            new("png-header-1x8m", "header declaring 1×8,000,000", Idat(1, 8_000_000, Zlib(new byte[16])), "1×8000000"),
            new("png-header-49mp", "header declaring 7000×7000", Idat(7000, 7000, Zlib(new byte[16])), "megapixels"),
            new("png-header-zero-width", "header declaring 0×64", Idat(0, 64, Zlib(new byte[16])), "no pixels"),
            new("png-header-negative", "header declaring a negative width", Idat(int.MinValue, 64, Zlib(new byte[16])), "no pixels"),
            new("png-truncated", "cut in half", png[..(png.Length / 2)], "truncated"),
            new("png-no-iend", "ends before IEND", png[..^12], "truncated"),
            new("png-jpeg-spliced", "a JPEG spliced in after IHDR", [.. png[..33], .. jpeg, .. png[33..]], "damaged"),
            new("png-jpeg-appended", "a JPEG appended after IEND", [.. png, .. jpeg], null),
            new("png-chunk-overflow", "a chunk claiming 2 GB", Png(Chunk("tEXt", Ascii("k\0v"), declaredLength: 0x7FFF_FFF0)), "runs past its end"),
            new("png-chunk-length-max", "a chunk claiming 4 GB", Png(Chunk("tEXt", Ascii("k\0v"), declaredLength: uint.MaxValue)), "runs past its end"),
            new("png-zero-length-ihdr", "an empty IHDR", [.. PngSignature, .. Chunk("IHDR", []), .. png[33..]], "malformed header"),
            new("png-zero-length-chunks", "empty tEXt and IDAT chunks (ImageSharp 2.1 cannot read an empty IDAT)", ZeroLengthChunks(), "cannot be decoded"),
            new("png-ihdr-not-first", "a text chunk before IHDR", [.. PngSignature, .. text, .. png[8..]], "header chunk is not first"),
            new("png-no-idat", "IHDR then IEND", [.. png[..33], .. Chunk("IEND", [])], "no image data"),
            new("png-unknown-critical", "an unknown critical chunk", Png(Chunk("EVIL", [1, 2, 3])), "unknown critical chunk"),
            new("png-25000-chunks", "25,000 one-byte IDAT chunks", ManyIdat(25_000), "more than 20,000 chunks"),
            new("png-bad-crc", "IDAT with a wrong CRC", [.. png[..33], .. Chunk("IDAT", Zlib(Scanlines(64, 64)), badCrc: true), .. Chunk("IEND", [])], "damaged"),
            new("png-wrong-magic", "PNG signature with one byte changed", [.. png[..7], 0, .. png[8..]], "not an image this portal accepts"),
            new("jpeg-progressive-300-scans", "progressive JPEG with 300 scans", ManyScans(jpeg, 300), "more than 64 scans"),
            new("jpeg-huge-icc", "3 MB ICC profile in 48 APP2 segments", JpegWith(jpeg, [.. Enumerable.Range(0, 48).Select(i => Segment(0xE2, [.. Ascii("ICC_PROFILE\0"), (byte)(i + 1), 48, .. Noise(65_000)]))]), "MB of metadata"),
            new("jpeg-icc-1mb", "1 MB ICC profile in 16 APP2 segments", JpegWith(jpeg, [.. Enumerable.Range(0, 16).Select(i => Segment(0xE2, [.. Ascii("ICC_PROFILE\0"), (byte)(i + 1), 16, .. Noise(65_000)]))]), null),
            new("jpeg-exif-bomb", "EXIF: 5,000 entries, offsets past the end and into itself", JpegWith(jpeg, ExifBomb()), null),
            new("jpeg-exif-orientation-6-gps", "EXIF orientation 6 (little-endian) and GPS", JpegWith(Jpeg(64, 40), Exif(false, (0x0112, 3, 1, 6), (0x8825, 4, 1, 8))), null, 40, 64),
            new("jpeg-exif-orientation-8-big-endian", "EXIF orientation 8 (big-endian)", JpegWith(Jpeg(64, 40), Exif(true, (0x0112, 3, 1, 8))), null, 40, 64),
            new("jpeg-xmp-iptc-comment", "XMP, IPTC and a comment naming a location", JpegWith(jpeg, Segment(0xE1, Ascii("http://ns.adobe.com/xap/1.0/\0" + Location)), Segment(0xED, Ascii("Photoshop 3.0\0" + Location)), Segment(0xFE, Ascii(Location))), null),
            new("jpeg-2000-comments", "2,000 COM segments", JpegWith(jpeg, [.. Enumerable.Repeat(Segment(0xFE, Ascii("x")), 2000)]), "more than 1000 segments"),
            new("jpeg-truncated", "cut in half", jpeg[..(jpeg.Length / 2)], "truncated"),
            new("jpeg-no-eoi", "ends before EOI", jpeg[..^2], "truncated"),
            new("jpeg-segment-overflow", "an APP1 claiming more than the file holds", [.. jpeg[..2], .. Segment(0xE1, Ascii("Exif\0\0"), declaredLength: 0xFFFF)], "truncated"),
            new("jpeg-header-65500", "frame header declaring 65500×65500", FrameSize(jpeg, 65_500, 65_500), "65500×65500"),
            new("jpeg-header-zero-width", "frame header declaring width 0", FrameSize(jpeg, 0, 64), "no pixels"),
            new("jpeg-scan-before-frame", "a scan before the frame header", [.. jpeg[..2], .. Segment(0xDA, [1, 1, 0, 0, 63, 0]), 0, .. jpeg[2..]], "scan before the frame header"),
            new("jpeg-two-frames", "a second frame header", JpegWith(jpeg, Segment(0xC0, [8, 0, 64, 0, 64, 1, 1, 0x11, 0]), Segment(0xC0, [8, 0, 64, 0, 64, 1, 1, 0x11, 0])), "second frame header"),
            new("jpeg-png-spliced", "a PNG spliced in after the JFIF header", JpegWith(jpeg, png), "bytes between segments"),
            new("jpeg-magic-only", "FF D8 FF and nothing else", [0xFF, 0xD8, 0xFF], "truncated"),
            new("gif-named-png", "a GIF", [.. Ascii("GIF89a"), 1, 0, 1, 0, 0, 0, 0, 0x3B], "a GIF image"),
        ];
    }

    public static byte[] Jpeg(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            image[x, y] = new Rgb24((byte)(x * 4), (byte)(y * 4), 128);
        using var output = new MemoryStream();
        image.SaveAsJpeg(output, new JpegEncoder { Quality = 90 });
        return output.ToArray();
    }

    private static byte[] Idat(int width, int height, byte[] compressed) =>
        [.. PngSignature, .. Ihdr(width, height), .. Chunk("IDAT", compressed), .. Chunk("IEND", [])];

    private static byte[] Animated()
    {
        byte[] frame = [.. BigEndian(0), .. BigEndian(64), .. BigEndian(64), .. BigEndian(0), .. BigEndian(0), 0, 1, 0, 1, 0, 0];
        var data = Zlib(Scanlines(64, 64));
        return [.. PngSignature, .. Ihdr(64, 64), .. Chunk("acTL", [.. BigEndian(2), .. BigEndian(0)]), .. Chunk("fcTL", frame),
            .. Chunk("IDAT", data), .. Chunk("fcTL", [.. BigEndian(1), .. frame[4..]]), .. Chunk("fdAT", [.. BigEndian(2), .. data]), .. Chunk("IEND", [])];
    }

    private static byte[] ZeroLengthChunks()
    {
        var data = Zlib(Scanlines(64, 64));
        return [.. PngSignature, .. Ihdr(64, 64), .. Chunk("tEXt", []), .. Chunk("IDAT", []), .. Chunk("IDAT", data), .. Chunk("IDAT", []), .. Chunk("IEND", [])];
    }

    private static byte[] ManyIdat(int count)
    {
        var data = Zlib(Scanlines(64, 64));
        var chunks = Enumerable.Range(0, count).Select(i => Chunk("IDAT", i < data.Length ? [data[i]] : []));
        return [.. PngSignature, .. Ihdr(64, 64), .. chunks.SelectMany(c => c), .. Chunk("IDAT", data.Length > count ? data[count..] : []), .. Chunk("IEND", [])];
    }

    /// <summary>A baseline JPEG turned progressive (SOF2) and given hundreds of one-byte scans before its end.</summary>
    private static byte[] ManyScans(byte[] jpeg, int scans)
    {
        var bytes = jpeg.ToArray();
        var sof = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
        bytes[sof + 1] = 0xC2;
        var extra = Enumerable.Range(0, scans).SelectMany(_ => (byte[])[.. Segment(0xDA, [1, 1, 0x00, 1, 1, 0]), 0x00]);
        return [.. bytes[..^2], .. extra, 0xFF, 0xD9];
    }

    private static byte[] FrameSize(byte[] jpeg, int width, int height)
    {
        var bytes = jpeg.ToArray();
        var sof = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
        (bytes[sof + 5], bytes[sof + 6], bytes[sof + 7], bytes[sof + 8]) = ((byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width);
        return bytes;
    }

    /// <summary>EXIF whose directory claims 65,535 entries (the segment holds 5,000) with counts and offsets pointing anywhere.</summary>
    private static byte[] ExifBomb()
    {
        var entries = Enumerable.Range(0, 5000).Select(i => ((ushort)(0x8769 + i % 3), (ushort)(i % 12 + 1), uint.MaxValue - (uint)i, (uint)(i % 2 == 0 ? 8 : 0xFFFF_FFF0))).ToArray();
        var segment = Exif(false, entries);
        (segment[18], segment[19]) = (0xFF, 0xFF);
        return segment;
    }

    /// <summary>Incompressible bytes, so a profile or chunk really is as large as it claims.</summary>
    private static byte[] Noise(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
