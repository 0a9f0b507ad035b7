using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Face;

/// <summary>
/// Finds the models and checks each file's sha256 before anything loads it. A missing or altered model
/// makes recognition unavailable — reported on /health and to admins — and never crashes the portal.
/// </summary>
public sealed partial class ModelStore
{
    private readonly Lazy<ModelStatus> _status;

    public ModelStore(IOptions<FaceOptions> options, ILogger<ModelStore> logger)
    {
        Directory = Path.GetFullPath(options.Value.ModelDirectory, AppContext.BaseDirectory);
        _status = new Lazy<ModelStatus>(() =>
        {
            var status = Check(Directory);
            if (!status.IsAvailable)
                LogUnavailable(logger, Directory, string.Join(" ", status.Problems));
            return status;
        });
    }

    public string Directory { get; }

    public ModelStatus Status => _status.Value;

    public string PathOf(string file) => Path.Combine(Directory, file);

    public static ModelStatus Check(string directory)
    {
        var problems = new List<string>();
        foreach (var (file, expected) in ModelFiles.Sha256)
        {
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
            {
                // No absolute path in the words: they reach admin pages and /health. The log has the folder.
                problems.Add($"{file} is missing from the models folder.");
                continue;
            }
            using var stream = File.OpenRead(path);
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (actual != expected)
                problems.Add($"{file} is altered: expected sha256 {expected}, actual {actual}.");
        }
        return new ModelStatus(problems);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Face recognition is unavailable (models folder {Directory}): {Problems}")]
    private static partial void LogUnavailable(ILogger logger, string directory, string problems);
}

public sealed record ModelStatus(IReadOnlyList<string> Problems)
{
    public bool IsAvailable => Problems.Count == 0;
}
