using Microsoft.Extensions.Time.Testing;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Options;
using Portal.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Portal.Tests.Infrastructure.Imaging;

/// <summary>What the one decoder of untrusted images reads, and how it answers when a step misbehaves.</summary>
public sealed class SafeImageReaderTests
{
    private static SafeImageReader Reader(ImageLimits? limits = null, TimeProvider? time = null) =>
        new(MsOptions.Create(limits ?? new ImageLimits()), time ?? TimeProvider.System);

    [Fact]
    public void IdentifyWithTheReadersDecodersNeverReadsPngTextChunks()
    {
        var png = HostileBytes.Png(
            HostileBytes.Chunk("tEXt", HostileBytes.Ascii("Location\0safehouse")),
            HostileBytes.Chunk("zTXt", [.. HostileBytes.Ascii("Comment\0"), 0, .. HostileBytes.ZlibOfRepeated((byte)'A', 1000)]));
        var ordinary = new Configuration(new PngConfigurationModule());

        var withDefaults = Image.Identify(ordinary, new MemoryStream(png));
        var withReader = Image.Identify(Reader().Configuration, new MemoryStream(png));

        Assert.Equal(2, withDefaults.Metadata.GetPngMetadata().TextData.Count); // the chunks are there to be read
        Assert.Empty(withReader.Metadata.GetPngMetadata().TextData);
    }

    [Fact]
    public void IdentifyWithTheReadersDecodersNeverReadsJpegExif()
    {
        var jpeg = HostileBytes.JpegWith(HostileImages.Jpeg(32, 32), HostileBytes.Exif(false, (0x0112, 3, 1, 6)));
        var ordinary = new Configuration(new JpegConfigurationModule());

        Assert.NotNull(Image.Identify(ordinary, new MemoryStream(jpeg)).Metadata.ExifProfile);
        Assert.Null(Image.Identify(Reader().Configuration, new MemoryStream(jpeg)).Metadata.ExifProfile);
    }

    [Fact]
    public async Task TheCallerGetsItsAnswerAtTheTimeLimitWhenAStepIgnoresCancellation()
    {
        var time = new FakeTimeProvider();
        using var stream = new StallingStream(HostileImages.Jpeg(64, 64));
        var reader = Reader(new ImageLimits { DecodeTimeout = TimeSpan.FromSeconds(5) }, time);
        try
        {
            var decoding = reader.DecodeAsync(stream);
            await stream.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));
            time.Advance(TimeSpan.FromSeconds(5));

            var refused = await Assert.ThrowsAsync<ImageRejectedException>(() => decoding.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal("Reading the image took longer than 5 seconds; the file was refused.", refused.Reason);
        }
        finally
        {
            stream.Release();
        }
    }

    [Fact]
    public async Task AnImageAboveTheAllocationCapIsRefusedWithAClearMessage()
    {
        using var large = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(3000, 2000);
        var png = TestImages.Encode(large, new PngEncoder());

        var refused = await Assert.ThrowsAsync<ImageRejectedException>(() =>
            Reader(new ImageLimits { AllocationLimitMegabytes = 16 }).DecodeAsync(new MemoryStream(png)));

        Assert.Equal("The image needs more memory to decode than the portal allows.", refused.Reason);
    }

    [Fact]
    public async Task ExifOrientationIsReadByThePreScanAndAppliedToThePixels()
    {
        var jpeg = HostileBytes.JpegWith(HostileImages.Jpeg(60, 40), HostileBytes.Exif(true, (0x0112, 3, 1, 6)));

        var structure = await Reader().InspectAsync(new MemoryStream(jpeg));
        using var image = await Reader().DecodeAsync(new MemoryStream(jpeg));

        Assert.Equal(6, structure.Orientation);
        Assert.Equal((40, 60), (image.Width, image.Height));
        Assert.Null(image.Metadata.ExifProfile);
    }

    /// <summary>A seekable stream whose reads block until released: a decoder stuck on its input, deaf to cancellation.</summary>
    private sealed class StallingStream(byte[] bytes) : MemoryStream(bytes)
    {
        private readonly ManualResetEventSlim _released = new();
        public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.Set();

        public override int Read(Span<byte> buffer)
        {
            Stalled.TrySetResult();
            _released.Wait();
            return base.Read(buffer);
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _released.Dispose();
            base.Dispose(disposing);
        }
    }
}
