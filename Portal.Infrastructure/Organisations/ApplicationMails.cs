using Microsoft.AspNetCore.Identity;
using Portal.Domain.Messaging;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Messaging;

namespace Portal.Infrastructure.Organisations;

/// <summary>The messages of the application path, with links from <see cref="EmailLinks"/> only.</summary>
public sealed class ApplicationMails(IEmailSender emailSender, EmailLinks links)
{
    public async Task SendConfirmationAsync(UserManager<ApplicationUser> users, ApplicationUser user, CancellationToken cancellationToken = default)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        await emailSender.SendAsync(new EmailMessage(user.Email!, "Confirm your email to send your Reunite Portal application",
            $"""
            Thank you for applying to become a Reunite Portal partner.

            Confirm your email address to send your application to the platform team:

            {links.ConfirmEmail(user.Id, token)}

            Until your organisation is approved you can sign in to see the status of the application, and nothing else.
            If you did not apply, ignore this message.
            """), cancellationToken);
    }

    /// <summary>
    /// Someone applied with an address that already has an account. The form answers as for a new address (so it
    /// does not tell anyone which addresses have accounts); the owner hears about it here instead.
    /// </summary>
    public Task SendAlreadyRegisteredAsync(string email, CancellationToken cancellationToken = default) =>
        emailSender.SendAsync(new EmailMessage(email, "Someone tried to apply to Reunite Portal with your address",
            $"""
            Someone tried to apply to become a Reunite Portal partner with this email address, which already has an account.
            Nothing was created and your account is unchanged.

            If it was you, sign in instead; you can follow your organisation there:

            {links.SignIn()}

            If it was not you, you can ignore this message.
            """), cancellationToken);
}
