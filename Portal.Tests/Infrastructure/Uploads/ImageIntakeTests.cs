using Portal.Domain.Common;
using Portal.Infrastructure.Uploads;
using Portal.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.PixelFormats;

namespace Portal.Tests.Infrastructure.Uploads;

/// <summary>Every hostile or awkward upload gets its defined outcome; nothing crashes and nothing bad is stored.</summary>
public sealed class ImageIntakeTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync() => _host = await InfrastructureHost.StartAsync(_data.Path);

    private ImageIntake Intake => _host.Get<ImageIntake>();
    private FileStore Files => _host.Get<FileStore>();

    [Fact]
    public async Task AZeroByteFileIsRefused() =>
        Assert.Equal("The file is empty.", (await AcceptAsync([], "empty.jpg")).Error);

    [Fact]
    public async Task ATruncatedJpegIsRefused()
    {
        var jpeg = TestImages.Jpeg(320, 240);

        var outcome = await AcceptAsync(jpeg[..(jpeg.Length / 2)], "cut.jpg");

        Assert.Contains("truncated", outcome.Error);
    }

    [Fact]
    public async Task APngHeaderClaiming50000By50000IsRefusedBeforeDecoding()
    {
        var outcome = await AcceptAsync(TestImages.PngClaiming(50_000, 50_000), "huge.png");

        Assert.Contains("50000×50000", outcome.Error);
    }

    [Fact]
    public async Task AOneBy8MillionPngIsRefused()
    {
        var outcome = await AcceptAsync(TestImages.PngClaiming(1, 8_000_000), "line.png");

        Assert.Contains("1×8000000", outcome.Error);
    }

    public static TheoryData<string, string> Impostors => new()
    {
        { "gif", "a GIF image" }, { "bmp", "a BMP image" }, { "tiff", "a TIFF image" }, { "svg", "an SVG or XML document" }, { "heic", "a HEIC image" },
    };

    [Theory]
    [MemberData(nameof(Impostors))]
    public async Task OtherFormatsNamedJpgAreRefusedByContent(string format, string described)
    {
        var bytes = format switch
        {
            "gif" => TestImages.Gif(), "bmp" => TestImages.Bmp(), "tiff" => TestImages.Tiff(), "svg" => TestImages.Svg(), _ => TestImages.Heic(),
        };

        var outcome = await AcceptAsync(bytes, "holiday.jpg");

        Assert.Equal($"The file is {described}; only JPEG and PNG photos are accepted.", outcome.Error);
    }

    [Fact]
    public async Task ACmykJpegIsAcceptedAndStoredAsRgb()
    {
        var cmyk = TestImages.CmykJpeg(10, 8);
        Assert.Equal(4, ComponentsOf(cmyk));

        var outcome = await AcceptAsync(cmyk, "cmyk.jpg");

        Assert.True(outcome.Succeeded, outcome.Error);
        using var stored = await Image.LoadAsync<Rgb24>(Files.PathOf(outcome.Value!.StoredName));
        Assert.Equal((80, 64), (stored.Width, stored.Height));
        // The blocks differ in colour: the four-component scan was really decoded, not filled with grey.
        Assert.True(Enumerable.Range(0, 10).Select(b => stored[b * 8 + 4, 4]).Distinct().Count() > 5);
        Assert.Equal(3, ComponentsOf(await File.ReadAllBytesAsync(Files.PathOf(outcome.Value.StoredName))));
    }

    [Fact]
    public async Task ASixteenBitPngIsAccepted()
    {
        using var image = new Image<Rgb48>(40, 30, new Rgb48(60000, 30000, 1000));
        var png = TestImages.Encode(image, new PngEncoder { BitDepth = PngBitDepth.Bit16, ColorType = PngColorType.Rgb });

        var outcome = await AcceptAsync(png, "deep.png");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal((40, 30), (outcome.Value!.Width, outcome.Value.Height));
        // A PNG stays lossless (as 8 bits per channel): the stored pixels are the upload's, to the nearest step.
        Assert.Matches("^[0-9a-f]{32}\\.png$", outcome.Value.StoredName);
        using var stored = await Image.LoadAsync<Rgb24>(Files.PathOf(outcome.Value.StoredName));
        Assert.Equal(new Rgb24(233, 117, 4), stored[20, 15]);
    }

    [Fact]
    public async Task ExifOrientation6IsAppliedAndGpsIsAbsentFromTheStoredFile()
    {
        using var image = TestImages.Gradient(60, 40);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        image.Metadata.ExifProfile.SetValue(ExifTag.GPSLatitude, [new Rational(51, 1), new Rational(30, 1), new Rational(0, 1)]);
        image.Metadata.ExifProfile.SetValue(ExifTag.GPSLatitudeRef, "N");
        var jpeg = TestImages.Encode(image, new JpegEncoder());

        var outcome = await AcceptAsync(jpeg, "sideways.jpg");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal((40, 60), (outcome.Value!.Width, outcome.Value.Height));
        using var stored = await Image.LoadAsync(Files.PathOf(outcome.Value.StoredName));
        Assert.Null(stored.Metadata.ExifProfile?.GetValue(ExifTag.GPSLatitude));
        Assert.Null(stored.Metadata.ExifProfile?.GetValue(ExifTag.Orientation));
        var storedBytes = await File.ReadAllBytesAsync(Files.PathOf(outcome.Value.StoredName));
        Assert.False(storedBytes.AsSpan().IndexOf("Exif"u8) >= 0, "the stored file still carries an EXIF block");
    }

    [Fact]
    public async Task AHundredMegabyteFileIsRefusedWithoutBeingStored()
    {
        await using var huge = new ZeroStream(100L * 1024 * 1024, [0xFF, 0xD8, 0xFF, 0xE0]);

        var outcome = await AcceptAsync(huge, "huge.jpg");

        Assert.Equal("The file is larger than 15 MB.", outcome.Error);
        Assert.Empty(Directory.EnumerateFiles(Files.Incoming));
        Assert.Empty(Directory.EnumerateFiles(Files.Folder, "*.jpg"));
    }

    [Theory]
    [InlineData("../../etc/passwd.jpg", "passwd.jpg")]
    [InlineData("..\\..\\windows\\photo.jpg", "photo.jpg")]
    [InlineData("photo\0.jpg", "photo.jpg")]
    [InlineData("invoice\u202Egpj.exe", "invoicegpj.exe")]
    [InlineData("\u2066name\u2069.jpg", "name.jpg")]
    public async Task HostileFileNamesAreShownCleanAndNeverUsedForStorage(string given, string shown)
    {
        var outcome = await AcceptAsync(TestImages.Jpeg(), given);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(shown, outcome.Value!.DisplayName);
        Assert.Matches("^[0-9a-f]{32}\\.jpg$", outcome.Value.StoredName);
        Assert.True(File.Exists(Path.Combine(Files.Folder, outcome.Value.StoredName)));
    }

    [Fact]
    public async Task TheSha256OfTheOriginalIsKept()
    {
        var jpeg = TestImages.Jpeg();

        var outcome = await AcceptAsync(jpeg, "a.jpg");

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(jpeg)), outcome.Value!.OriginalSha256);
    }

    private Task<Outcome<AcceptedImage>> AcceptAsync(byte[] bytes, string name) => AcceptAsync(new MemoryStream(bytes), name);

    private Task<Outcome<AcceptedImage>> AcceptAsync(Stream stream, string name) => Intake.AcceptAsync(stream, name);

    /// <summary>Number of colour components in a JPEG's frame header (SOF0/SOF1/SOF2).</summary>
    private static int ComponentsOf(byte[] jpeg)
    {
        for (var i = 2; i + 9 < jpeg.Length; i++)
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC1 or 0xC2)
                return jpeg[i + 9];
        return -1;
    }

    /// <summary>A long stream of zeros after a JPEG-looking start, produced as it is read (nothing held in memory).</summary>
    private sealed class ZeroStream(long length, byte[] head) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            for (var i = 0; i < n && _position + i < head.Length; i++)
                buffer[offset + i] = head[_position + i];
            _position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
