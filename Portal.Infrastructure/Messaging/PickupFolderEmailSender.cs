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
    public string Folder => paths.Under(options.Value.PickupFolder);

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        var now = timeProvider.GetUtcNow();
        var name = $"{now:yyyyMMdd'T'HHmmssfffffff}-{Guid.NewGuid():N}.eml";
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
