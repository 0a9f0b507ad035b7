using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Messaging;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Organisations;

/// <summary>
/// The public application path: an organisation applies with an account for its applicant, who confirms
/// their email before the application reaches the admins.
/// </summary>
public sealed class PartnerApplications(
    IServiceScopeFactory scopeFactory,
    IDbContextFactory<PortalDbContext> contextFactory,
    IEmailSender emailSender,
    AuditLog auditLog,
    IAnonymousAudit anonymousAudit,
    TimeProvider timeProvider)
{
    public async Task<Outcome> SubmitAsync(PartnerApplication application, string baseUrl, string remoteAddress)
    {
        if (Refusal(application) is { } refusal)
        {
            // The poster is anonymous: counted per address and window, with the first address given as a sample.
            anonymousAudit.Note(new AnonymousEvent(AuditActions.PartnerApplicationRefused, "organisation:new", remoteAddress,
                $"partner applications refused (\"{refusal}\")", application.Email));
            return Outcome.Fail(refusal);
        }

        await using var scope = scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var name = application.LegalName.Trim();
        if (await db.Organisations.AnyAsync(o => o.Name == name))
            return Outcome.Fail($"An organisation named \"{name}\" has already applied or is a partner. Contact the platform team if this is yours.");
        if (await users.FindByEmailAsync(application.Email) is not null)
            return Outcome.Fail("An account with this email already exists. Sign in, or use another address.");

        var now = timeProvider.GetUtcNow();
        var organisation = new Organisation
        {
            Name = name,
            Sector = application.Sector,
            Country = application.Country.Trim(),
            Website = application.Website.Trim(),
            ContactPerson = application.ContactPerson.Trim(),
            MissionStatement = application.MissionStatement.Trim(),
            RequestedPurposes = application.RequestedPurposes,
            DataUseAgreementVersion = application.AcceptedAgreementVersion,
            DataUseAgreementAcceptedAt = now,
            CreatedAt = now,
        };
        organisation.Start(OrganisationStatus.Applied, application.Email, "application submitted", now);
        var applicant = new ApplicationUser
        {
            UserName = application.Email,
            Email = application.Email,
            DisplayName = application.ContactPerson.Trim(),
            OrganisationId = organisation.Id,
            IsOrganisationAdmin = true,
            CreatedAt = now,
        };

        // One transaction: an application never exists without its applicant, nor the reverse.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync();
            var created = await users.CreateAsync(applicant, application.Password);
            if (!created.Succeeded)
                return Outcome.Fail(string.Join(" ", created.Errors.Select(e => e.Description)));
            // Staff role from the start; every search feature also requires the organisation to be approved.
            await users.AddToRoleAsync(applicant, Roles.PartnerStaff);
            await auditLog.AppendWithinAsync(db, application.Email, AuditActions.PartnerApplied, $"organisation:{organisation.Id}",
                $"{name} ({application.Sector}) applied for {Purposes.DescribeAll(application.RequestedPurposes)}; " +
                $"agreement {application.AcceptedAgreementVersion}; from {remoteAddress}", organisation.Id);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        await SendConfirmationAsync(users, applicant, baseUrl);
        return Outcome.Ok;
    }

    /// <summary>
    /// Confirms the applicant's email; the confirmation, the application's new state and the entry commit together.
    /// A refused link is counted per address and window: whoever presents it is not signed in.
    /// </summary>
    public async Task<Outcome> ConfirmEmailAsync(string userId, string code, string remoteAddress = "unknown")
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        var token = ConfirmationLinks.DecodeToken(code);
        if (user is null || token is null)
            return RefuseConfirmation(remoteAddress, "e-mail confirmations with an unknown account or a malformed code",
                "This confirmation link is not valid. Sign in and ask for a new one.");
        if (user.EmailConfirmed)
            return Outcome.Ok;
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var confirmed = await users.ConfirmEmailAsync(user, token);
        if (!confirmed.Succeeded)
            return RefuseConfirmation(remoteAddress, "e-mail confirmations with a wrong or expired code",
                "This confirmation link is not valid or has expired. Sign in and ask for a new one.");

        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == user.OrganisationId);
        if (organisation is not null && organisation.ApplicationConfirmedAt is null)
        {
            organisation.ApplicationConfirmedAt = timeProvider.GetUtcNow();
            await auditLog.AppendWithinAsync(db, user.Email!, AuditActions.PartnerApplicationConfirmed, $"organisation:{organisation.Id}",
                $"{organisation.Name}: applicant confirmed {user.Email}; the application is now with the admins", organisation.Id);
            await db.SaveChangesAsync();
        }
        await transaction.CommitAsync();
        return Outcome.Ok;
    }

    private Outcome RefuseConfirmation(string remoteAddress, string what, string message)
    {
        anonymousAudit.Note(new AnonymousEvent(AuditActions.EmailConfirmationRefused, "user:confirmation", remoteAddress, what));
        return Outcome.Fail(message);
    }

    public async Task<Outcome> ResendConfirmationAsync(string userId, string baseUrl)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null || user.EmailConfirmed)
            return Outcome.Fail("Your email is already confirmed.");
        await SendConfirmationAsync(users, user, baseUrl);
        return Outcome.Ok;
    }

    public async Task<ApplicationStatusView?> StatusForAsync(string userId)
    {
        await using var db = await contextFactory.CreateDbContextAsync();
        var row = await (from user in db.Users
                         join org in db.Organisations.Include(o => o.History) on user.OrganisationId equals org.Id
                         where user.Id == userId
                         select new { user.Email, user.EmailConfirmed, Organisation = org })
            .AsNoTracking().FirstOrDefaultAsync();
        if (row is null)
            return null;
        var organisation = row.Organisation;
        return new ApplicationStatusView(organisation.Id, organisation.Name, organisation.Status, row.EmailConfirmed, row.Email ?? "",
            organisation.RequestedPurposes, organisation.GrantedPurposes,
            organisation.History.OrderBy(h => h.At).Select(h => new StatusChangeView(h.From, h.To, h.Actor, h.At, h.Reason)).ToList());
    }

    private async Task SendConfirmationAsync(UserManager<ApplicationUser> users, ApplicationUser user, string baseUrl)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var link = ConfirmationLinks.ConfirmEmail(baseUrl, user.Id, token);
        await emailSender.SendAsync(new EmailMessage(user.Email!, "Confirm your email to send your Reunite Portal application",
            $"""
            Thank you for applying to become a Reunite Portal partner.

            Confirm your email address to send your application to the platform team:

            {link}

            Until your organisation is approved you can sign in to see the status of the application, and nothing else.
            If you did not apply, ignore this message.
            """));
    }

    /// <summary>Checks the service makes itself, whatever the form checked: the form is not the only way in.</summary>
    private static string? Refusal(PartnerApplication application)
    {
        if (application.AcceptedAgreementVersion != DataUseAgreement.CurrentVersion)
            return $"Accept the current data-use agreement (version {DataUseAgreement.CurrentVersion}).";
        if (application.RequestedPurposes == Purpose.None)
            return "Choose at least one purpose.";
        if (string.IsNullOrWhiteSpace(application.LegalName) || string.IsNullOrWhiteSpace(application.Email))
            return "The organisation's legal name and the applicant's email are required.";
        return null;
    }
}
