using System.Buffers.Binary;
using System.IO.Compression;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.PixelFormats;

namespace Portal.Tests.Support;

/// <summary>Images made in the tests, good and hostile; nothing is read from outside.</summary>
public static class TestImages
{
    public static Image<Rgb24> Gradient(int width = 64, int height = 48)
    {
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            image[x, y] = new Rgb24((byte)(x * 255 / width), (byte)(y * 255 / height), 128);
        return image;
    }

    public static byte[] Encode(Image image, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    public static byte[] Jpeg(int width = 64, int height = 48) { using var image = Gradient(width, height); return Encode(image, new JpegEncoder()); }
    public static byte[] Gif() { using var image = Gradient(); return Encode(image, new GifEncoder()); }
    public static byte[] Bmp() { using var image = Gradient(); return Encode(image, new BmpEncoder()); }
    public static byte[] Tiff() { using var image = Gradient(); return Encode(image, new TiffEncoder()); }

    public static byte[] Svg() => "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>"u8.ToArray();

    /// <summary>The start of a HEIC file: an ISO media "ftyp" box with the heic brand.</summary>
    public static byte[] Heic() => [0, 0, 0, 0x18, .."ftyp"u8, .."heic"u8, 0, 0, 0, 0, .."mif1heic"u8, .. new byte[64]];

    /// <summary>
    /// A baseline CMYK JPEG (Adobe marker, four components) of solid 8×8 blocks, written by hand: the encoder
    /// of ImageSharp 2.1 writes only three components.
    /// </summary>
    public static byte[] CmykJpeg(int blocksWide, int blocksHigh)
    {
        using var output = new MemoryStream();
        void Marker(byte code, params byte[] data)
        {
            output.Write([0xFF, code, (byte)((data.Length + 2) >> 8), (byte)(data.Length + 2)]);
            output.Write(data);
        }
        output.Write([0xFF, 0xD8]);
        Marker(0xEE, [.. "Adobe"u8, 0, 100, 0, 0, 0, 0, 0]);
        Marker(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        var (height, width) = (blocksHigh * 8, blocksWide * 8);
        Marker(0xC0, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);
        Marker(0xC4, [0x00, 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        Marker(0xC4, [0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]);
        Marker(0xDA, [4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0]);
        var bits = new BitWriter(output);
        var predictions = new int[4];
        for (var by = 0; by < blocksHigh; by++)
        for (var bx = 0; bx < blocksWide; bx++)
        for (var c = 0; c < 4; c++)
        {
            var value = (bx * 60 + by * 40 + c * 50) % 256;
            var dc = 8 * (value - 128);
            var diff = dc - predictions[c];
            predictions[c] = dc;
            var category = diff == 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)Math.Abs(diff));
            var (code, length) = StandardDcCode(category);
            bits.Write(code, length);
            if (category > 0)
                bits.Write(diff > 0 ? diff : diff + (1 << category) - 1, category);
            bits.Write(0, 1); // end of block: the only AC code, "0"
        }
        bits.Flush();
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    private static (int Code, int Length) StandardDcCode(int category) => category switch
    {
        0 => (0b00, 2), 1 => (0b010, 3), 2 => (0b011, 3), 3 => (0b100, 3), 4 => (0b101, 3), 5 => (0b110, 3),
        // From 6 on: (category − 3) ones then a zero (Annex K, table K.3).
        _ => (((1 << (category - 3)) - 1) << 1, category - 2),
    };

    private sealed class BitWriter(Stream output)
    {
        private int _buffer;
        private int _count;

        public void Write(int value, int length)
        {
            for (var i = length - 1; i >= 0; i--)
            {
                _buffer = (_buffer << 1) | ((value >> i) & 1);
                if (++_count == 8)
                    Emit();
            }
        }

        public void Flush()
        {
            while (_count != 0)
            {
                _buffer = (_buffer << 1) | 1;
                if (++_count == 8)
                    Emit();
            }
        }

        private void Emit()
        {
            output.WriteByte((byte)_buffer);
            if (_buffer == 0xFF)
                output.WriteByte(0); // byte stuffing
            (_buffer, _count) = (0, 0);
        }
    }

    /// <summary>A well-formed PNG whose header claims the given size; the image data is a token.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // RGB
        Chunk(stream, "IHDR", header);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                zlib.Write(new byte[16]);
            Chunk(stream, "IDAT", compressed.ToArray());
        }
        Chunk(stream, "IEND", []);
        return stream.ToArray();
    }

    /// <summary>The CRC-32 PNG chunks carry (polynomial 0xEDB88320).</summary>
    private static uint Crc32(byte[] bytes)
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

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        var crc = Crc32([.. typeBytes, .. data]);
        BinaryPrimitives.WriteUInt32BigEndian(length, crc);
        stream.Write(length);
    }
}
