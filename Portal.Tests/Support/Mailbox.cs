using System.Text.RegularExpressions;
using Portal.Infrastructure.Messaging;

namespace Portal.Tests.Support;

/// <summary>Reads links out of the messages the portal wrote to its pickup folder.</summary>
public static partial class Mailbox
{
    public static string LatestLinkTo(this IMailPickup pickup, string recipient, string pathFragment)
    {
        var message = pickup.List().FirstOrDefault(m => m.To == recipient)
            ?? throw new InvalidOperationException($"No message to {recipient} in {pickup.Folder}");
        return Link().Matches(message.Body).Select(m => m.Value).FirstOrDefault(l => l.Contains(pathFragment, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"No {pathFragment} link in the message to {recipient}");
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
