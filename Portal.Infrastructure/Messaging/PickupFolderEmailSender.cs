using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Portal.Domain.Messaging;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Messaging;

/// <summary>
/// Writes each message as an .eml file into the pickup folder: no mail server is reachable from here, and an
/// admin can read the messages on /admin/mail. Files open in any mail client.
/// </summary>
internal sealed class PickupFolderEmailSender(DataPaths paths, IOptions<EmailOptions> options, TimeProvider timeProvider)
    : IEmailSender, IMailPickup
{
    /// <summary>The UTC time a message was written, at the start of its file name (so names sort by time).</summary>
    private const string NameTime = "yyyyMMdd'T'HHmmssfffffff";

    public string Folder => paths.Under(options.Value.PickupFolder);

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        var now = timeProvider.GetUtcNow();
        var name = $"{now.UtcDateTime.ToString(NameTime, CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.eml";
        var content = new StringBuilder()
            .Append("From: ").Append(options.Value.From).Append("\r\n")
            .Append("To: ").Append(HeaderSafe(message.To)).Append("\r\n")
            .Append("Subject: ").Append(HeaderSafe(message.Subject)).Append("\r\n")
            .Append("Date: ").Append(now.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
            .Append(message.Body.ReplaceLineEndings("\r\n"))
            .ToString();
        // Write then rename, so a reader never sees half a message.
        var temporary = Path.Combine(Folder, name + ".tmp");
        await File.WriteAllTextAsync(temporary, content, new UTF8Encoding(false), cancellationToken);
        File.Move(temporary, Path.Combine(Folder, name));
    }

    public IReadOnlyList<PickedUpMail> List(int max = 200)
    {
        if (!Directory.Exists(Folder))
            return [];
        return Directory.EnumerateFiles(Folder, "*.eml")
            .OrderDescending(StringComparer.Ordinal)
            .Take(max)
            .Select(Read)
            .ToList();
    }

    public int DeleteWrittenBefore(DateTimeOffset cutoff)
    {
        if (!Directory.Exists(Folder))
            return 0;
        // The time in the name is the portal clock's when the message was written; a copy's file time can change
        // (a backup tool touching it), its name cannot. Names that are not ours are left alone.
        var expired = Directory.EnumerateFiles(Folder, "*.eml").Where(path => WrittenAt(path) is { } at && at < cutoff).ToList();
        foreach (var path in expired)
            File.Delete(path);
        return expired.Count;
    }

    private static DateTimeOffset? WrittenAt(string path) =>
        DateTimeOffset.TryParseExact(Path.GetFileName(path).Split('-')[0], NameTime, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;

    private static PickedUpMail Read(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var headers = text[..split].Split("\r\n")
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new PickedUpMail(
            Path.GetFileName(path),
            headers.GetValueOrDefault("To", ""),
            headers.GetValueOrDefault("Subject", ""),
            DateTimeOffset.TryParse(headers.GetValueOrDefault("Date"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null,
            text[(split + 4)..].ReplaceLineEndings("\n"));
    }

    // A header value cannot be allowed to start a new header line.
    private static string HeaderSafe(string value) => value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
