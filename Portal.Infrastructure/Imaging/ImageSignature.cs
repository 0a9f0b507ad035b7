namespace Portal.Infrastructure.Imaging;

/// <summary>Recognises a file's real type from its first bytes; the name and the declared type are never trusted.</summary>
public static class ImageSignature
{
    public enum Kind { Jpeg, Png, Other }

    public static (Kind Kind, string Description) Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
            return (Kind.Jpeg, "JPEG");
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return (Kind.Png, "PNG");
        return (Kind.Other, Describe(head));
    }

    private static string Describe(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0)
            return "an empty file";
        if (head.StartsWith("GIF8"u8))
            return "a GIF image";
        if (head.StartsWith("BM"u8))
            return "a BMP image";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x49, 0x49, 0x2A, 0x00]) || head.StartsWith((ReadOnlySpan<byte>)[0x4D, 0x4D, 0x00, 0x2A]))
            return "a TIFF image";
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
            return head[8..12].SequenceEqual("heic"u8) || head[8..12].SequenceEqual("heix"u8) || head[8..12].SequenceEqual("mif1"u8)
                ? "a HEIC image" : "an ISO media file (HEIC, AVIF or video)";
        if (head.StartsWith("RIFF"u8))
            return "a WebP or other RIFF file";
        var text = System.Text.Encoding.ASCII.GetString(head[..Math.Min(head.Length, 256)]).TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        if (text.StartsWith("<svg", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase))
            return "an SVG or XML document";
        return "not an image this portal accepts";
    }
}
