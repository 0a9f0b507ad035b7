using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Portal.Fixtures;

/// <summary>
/// Byte-level builders for <see cref="HostileImages"/>: PNG chunks and JPEG segments written by hand, so a file
/// can carry exactly the damage a test needs. Compiled into Portal.Tests and Portal.Benchmarks from Fixtures/.
/// </summary>
public static class HostileBytes
{
    public static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>One chunk: length, type, data, CRC; <paramref name="declaredLength"/> lies about the length when given.</summary>
    public static byte[] Chunk(string type, byte[] data, uint? declaredLength = null, bool badCrc = false)
    {
        var output = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(output, declaredLength ?? (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(output, 4);
        data.CopyTo(output, 8);
        BinaryPrimitives.WriteUInt32BigEndian(output.AsSpan(8 + data.Length), Crc32(output.AsSpan(4, 4 + data.Length)) ^ (badCrc ? 1u : 0u));
        return output;
    }

    public static byte[] Ihdr(int width, int height) =>
        Chunk("IHDR", [.. BigEndian(width), .. BigEndian(height), 8, 2, 0, 0, 0]); // 8-bit RGB, no interlace

    /// <summary>Raw RGB scanlines (filter byte 0, then a gradient) for <paramref name="rows"/> rows.</summary>
    public static byte[] Scanlines(int width, int rows)
    {
        var raw = new byte[rows * (1 + width * 3)];
        for (var y = 0; y < rows; y++)
        for (var x = 0; x < width; x++)
        {
            var at = y * (1 + width * 3) + 1 + x * 3;
            (raw[at], raw[at + 1], raw[at + 2]) = ((byte)(x * 4), (byte)(y * 4), 128);
        }
        return raw;
    }

    public static byte[] Zlib(byte[] data) => Zlib(output => output.Write(data));

    public static byte[] Zlib(Action<Stream> write, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
            write(zlib);
        return compressed.ToArray();
    }

    /// <summary>A zlib stream of <paramref name="count"/> copies of one byte: a few hundred KB that inflate to hundreds of MB.</summary>
    public static byte[] ZlibOfRepeated(byte value, long count) => Zlib(output =>
    {
        var block = new byte[1 << 20];
        Array.Fill(block, value);
        for (long written = 0; written < count; written += block.Length)
            output.Write(block, 0, (int)Math.Min(block.Length, count - written));
    }, CompressionLevel.SmallestSize);

    /// <summary>A 64×64 RGB PNG with <paramref name="extra"/> chunks between IHDR and IDAT.</summary>
    public static byte[] Png(params byte[][] extra) => Png(64, 64, extra);

    public static byte[] Png(int width, int height, params byte[][] extra) =>
        [.. PngSignature, .. Ihdr(width, height), .. extra.SelectMany(c => c), .. Chunk("IDAT", Zlib(Scanlines(width, height))), .. Chunk("IEND", [])];

    /// <summary>One JPEG segment (marker and length), <paramref name="declaredLength"/> lying when given.</summary>
    public static byte[] Segment(byte marker, byte[] data, int? declaredLength = null)
    {
        var length = declaredLength ?? data.Length + 2;
        return [0xFF, marker, (byte)(length >> 8), (byte)length, .. data];
    }

    /// <summary>A real JPEG from the encoder with <paramref name="segments"/> inserted right after its JFIF header.</summary>
    public static byte[] JpegWith(byte[] jpeg, params byte[][] segments)
    {
        var afterJfif = 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4)); // SOI (2), then APP0's marker (2) and length
        return [.. jpeg[..afterJfif], .. segments.SelectMany(s => s), .. jpeg[afterJfif..]];
    }

    /// <summary>An APP1 EXIF block with the given IFD0 entries (tag, type, count, value-or-offset), in either byte order.</summary>
    public static byte[] Exif(bool bigEndian, params (ushort Tag, ushort Type, uint Count, uint Value)[] entries)
    {
        var tiff = new byte[8 + 2 + entries.Length * 12 + 4];
        var (w16, w32) = bigEndian
            ? ((Action<Span<byte>, ushort>)BinaryPrimitives.WriteUInt16BigEndian, (Action<Span<byte>, uint>)BinaryPrimitives.WriteUInt32BigEndian)
            : (BinaryPrimitives.WriteUInt16LittleEndian, BinaryPrimitives.WriteUInt32LittleEndian);
        (bigEndian ? "MM\0*"u8 : "II*\0"u8).CopyTo(tiff);
        w32(tiff.AsSpan(4), 8);
        w16(tiff.AsSpan(8), (ushort)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var at = 10 + i * 12;
            w16(tiff.AsSpan(at), entries[i].Tag);
            w16(tiff.AsSpan(at + 2), entries[i].Type);
            w32(tiff.AsSpan(at + 4), entries[i].Count);
            if (entries[i].Type == 3 && entries[i].Count == 1)
                w16(tiff.AsSpan(at + 8), (ushort)entries[i].Value);
            else
                w32(tiff.AsSpan(at + 8), entries[i].Value);
        }
        return Segment(0xE1, [.. "Exif\0\0"u8, .. tiff]);
    }

    public static byte[] BigEndian(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    /// <summary>The CRC-32 PNG chunks carry (polynomial 0xEDB88320).</summary>
    public static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
