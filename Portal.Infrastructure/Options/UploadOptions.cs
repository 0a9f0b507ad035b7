using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

/// <summary>Section "Portal:Uploads".</summary>
public sealed class UploadOptions
{
    public const string Section = "Portal:Uploads";

    [Range(1, 100)]
    public int MaxFileMegabytes { get; set; } = 15;

    [Range(1, 5000)]
    public int MaxFilesPerBatch { get; set; } = 500;

    /// <summary>Photos one person may upload in <see cref="RateWindow"/>: a runaway script cannot flood the queue.</summary>
    [Range(1, 1_000_000)]
    public int FilesPerUserPerWindow { get; set; } = 2000;

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(10);

    public long MaxFileBytes => MaxFileMegabytes * 1024L * 1024L;
}
