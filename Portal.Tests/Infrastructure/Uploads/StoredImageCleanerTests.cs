using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Uploads;
using Portal.Tests.Support;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace Portal.Tests.Infrastructure.Uploads;

/// <summary>Photos stored before stripping are rewritten as pixels only, once; nothing unreadable is lost.</summary>
public sealed class StoredImageCleanerTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync() => _host = await InfrastructureHost.StartAsync(_data.Path);

    private FileStore Files => _host.Get<FileStore>();
    private StoredImageCleaner Cleaner => _host.Get<StoredImageCleaner>();

    [Fact]
    public async Task RewritesAStoredPngWithALocationTextChunkKeepingItsPixelsAndAuditsTheCount()
    {
        using var original = TestImages.Gradient(40, 30);
        original.Metadata.GetPngMetadata().TextData.Add(new PngTextData("Location", HostileImages.Location, "", ""));
        var name = Store(TestImages.Encode(original, new PngEncoder()), ImageSignature.Kind.Png);
        Assert.Contains("tEXt", StoredStructure.PngChunks(await File.ReadAllBytesAsync(Files.PathOf(name))));

        var cleanup = await Cleaner.CleanAsync();

        Assert.Equal(new StoredImageCleanup(1, 1, 0), cleanup);
        var stored = await File.ReadAllBytesAsync(Files.PathOf(name));
        StoredStructure.AssertPixelsOnly(stored);
        using var rewritten = Image.Load<Rgb24>(stored);
        Assert.Equal(original[17, 11], rewritten[17, 11]);
        Assert.Contains("1 rewritten", Assert.Single(await AuditAsync(AuditActions.StoredImagesStripped)).Details);
    }

    [Fact]
    public async Task StripsExifAndCommentsFromAStoredJpeg()
    {
        var jpeg = HostileBytes.JpegWith(HostileImages.Jpeg(64, 48), HostileBytes.Exif(false, (0x8825, 4, 1, 8)), HostileBytes.Segment(0xFE, HostileBytes.Ascii(HostileImages.Location)));
        var name = Store(jpeg, ImageSignature.Kind.Jpeg);

        Assert.Equal(1, (await Cleaner.CleanAsync()).Rewritten);

        var stored = await File.ReadAllBytesAsync(Files.PathOf(name));
        StoredStructure.AssertPixelsOnly(stored);
        Assert.Equal((64, 48), (Image.Identify(stored).Width, Image.Identify(stored).Height));
    }

    [Fact]
    public async Task ASecondPassChangesNothingAndAuditsNothing()
    {
        using var image = TestImages.Gradient();
        var name = Store(TestImages.Encode(image, new PngEncoder()), ImageSignature.Kind.Png); // pHYs: metadata
        await Cleaner.CleanAsync();
        var after = await File.ReadAllBytesAsync(Files.PathOf(name));

        var second = await Cleaner.CleanAsync();

        Assert.Equal(new StoredImageCleanup(1, 0, 0), second);
        Assert.Equal(after, await File.ReadAllBytesAsync(Files.PathOf(name)));
        Assert.Single(await AuditAsync(AuditActions.StoredImagesStripped));
    }

    [Fact]
    public async Task AStoredFileThatCannotBeDecodedIsLeftInPlaceAndAudited()
    {
        var broken = HostileImages.Named("png-location-text").Bytes[..^40]; // text chunk kept, end cut off
        var name = Store(broken, ImageSignature.Kind.Png);

        var cleanup = await Cleaner.CleanAsync();

        Assert.Equal(new StoredImageCleanup(1, 0, 1), cleanup);
        Assert.Equal(broken, await File.ReadAllBytesAsync(Files.PathOf(name)));
        var entry = Assert.Single(await AuditAsync(AuditActions.StoredImageUnreadable));
        Assert.Equal($"file:{name}", entry.Target);
        Assert.Contains("truncated", entry.Details);
        Assert.Contains("1 unreadable", Assert.Single(await AuditAsync(AuditActions.StoredImagesStripped)).Details);
    }

    private string Store(byte[] bytes, ImageSignature.Kind kind)
    {
        var name = FileStore.NewName(kind);
        File.WriteAllBytes(Files.PathOf(name), bytes);
        return name;
    }

    private async Task<List<Portal.Domain.Auditing.AuditEntry>> AuditAsync(string action)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.Where(e => e.Action == action).ToListAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
