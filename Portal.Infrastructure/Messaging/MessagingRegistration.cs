using Portal.Domain.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Messaging;

/// <summary>E-mail: the pickup folder or SMTP, chosen by configuration, and the links the messages carry.</summary>
internal static class MessagingRegistration
{
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddSingleton<EmailLinks>();
        services.AddSingleton<PickupFolderEmailSender>();
        services.AddSingleton<IMailPickup>(provider => provider.GetRequiredService<PickupFolderEmailSender>());
        services.AddSingleton<IEmailSender>(provider =>
            provider.GetRequiredService<IOptions<EmailOptions>>().Value.Delivery == EmailDelivery.Smtp
                ? new SmtpEmailSender(provider.GetRequiredService<IOptions<EmailOptions>>())
                : provider.GetRequiredService<PickupFolderEmailSender>());
        return services;
    }
}
