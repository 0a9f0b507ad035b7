using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Auditing;

/// <summary>
/// The audit chain's HMAC key, never stored in the database: from <c>Portal:Audit:Key</c>, else <c>Portal:Audit:KeyFile</c>.
/// Development, Testing and the standalone harness generate a key file beside the data directory when none is configured;
/// every other environment refuses to start without one.
/// </summary>
public sealed partial class AuditKey
{
    private const int MinimumBytes = 32;

    public AuditKey(IOptions<AuditOptions> options, DataPaths paths, IHostEnvironment environment, ILogger<AuditKey> logger)
    {
        var audit = options.Value;
        var mayGenerate = environment.IsDevelopment() || environment.IsEnvironment("Testing") || environment.IsEnvironment("Standalone");
        KeyFile = Path.GetFullPath(audit.KeyFile ?? paths.Root.TrimEnd(Path.DirectorySeparatorChar) + "-audit/audit.key");
        if (Inside(KeyFile, paths.Root))
            throw new InvalidOperationException($"{AuditOptions.Section}:KeyFile must lie outside the data directory ({paths.Root}): whoever can write the database must not read the key.");
        if (!string.IsNullOrWhiteSpace(audit.Key))
            Bytes = Decode(audit.Key, $"{AuditOptions.Section}:Key");
        else if (File.Exists(KeyFile))
            Bytes = Decode(File.ReadAllText(KeyFile), KeyFile);
        else if (mayGenerate)
        {
            Bytes = RandomNumberGenerator.GetBytes(MinimumBytes);
            Directory.CreateDirectory(Path.GetDirectoryName(KeyFile)!);
            WriteOwnerOnly(KeyFile, Convert.ToBase64String(Bytes));
            LogGenerated(logger, KeyFile);
        }
        else
            throw new InvalidOperationException($"The audit chain needs a key: set {AuditOptions.Section}:KeyFile (a file outside the data directory) or {AuditOptions.Section}:Key (base64, via the environment).");
        CheckpointFile = Path.GetFullPath(audit.CheckpointFile ?? Path.Combine(Path.GetDirectoryName(KeyFile)!, "audit-checkpoints.log"));
    }

    public byte[] Bytes { get; }

    public string KeyFile { get; }

    public string CheckpointFile { get; }

    private static byte[] Decode(string base64, string source)
    {
        byte[] bytes;
        try { bytes = Convert.FromBase64String(base64.Trim()); }
        catch (FormatException) { throw new InvalidOperationException($"The audit key in {source} is not base64."); }
        return bytes.Length >= MinimumBytes ? bytes
            : throw new InvalidOperationException($"The audit key in {source} has {bytes.Length} bytes; at least {MinimumBytes} are needed.");
    }

    /// <summary>Readable by the portal's own account only: the key is worth as much as the whole audit log.</summary>
    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.Write(text);
    }

    private static bool Inside(string file, string directory) =>
        file.StartsWith(directory.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No audit key configured: generated one at {KeyFile}. Configure Portal:Audit:KeyFile or Portal:Audit:Key outside Development.")]
    private static partial void LogGenerated(ILogger logger, string keyFile);
}
