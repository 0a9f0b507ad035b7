using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using Portal.Domain.Messaging;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Messaging;

/// <summary>Production delivery through an SMTP server (credentials from configuration, never the repository).</summary>
internal sealed class SmtpEmailSender(IOptions<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var client = new SmtpClient(settings.SmtpHost, settings.SmtpPort) { EnableSsl = settings.SmtpUseTls };
        if (!string.IsNullOrEmpty(settings.SmtpUser))
            client.Credentials = new NetworkCredential(settings.SmtpUser, settings.SmtpPassword);
        using var mail = new MailMessage(settings.From, message.To, message.Subject, message.Body);
        await client.SendMailAsync(mail, cancellationToken);
    }
}
