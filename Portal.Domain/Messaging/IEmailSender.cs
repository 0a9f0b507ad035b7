namespace Portal.Domain.Messaging;

/// <summary>Sends a message to one person. Plain text: links are written out in full.</summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

public sealed record EmailMessage(string To, string Subject, string Body);
