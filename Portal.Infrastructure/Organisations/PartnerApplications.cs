using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Organisations;

/// <summary>
/// The public application path: an organisation applies with an account for its applicant, who confirms
/// their email before the application reaches the admins.
/// </summary>
public sealed class PartnerApplications(
    IdentitySessions identity,
    IDbContextFactory<PortalDbContext> contextFactory,
    ApplicationMails mails,
    AuditLog auditLog,
    AuditPseudonyms pseudonyms,
    IAnonymousAudit anonymousAudit,
    TimeProvider timeProvider)
{
    public async Task<Outcome> SubmitAsync(PartnerApplication application, string remoteAddress, CancellationToken cancellationToken = default)
    {
        if (Refusal(application) is { } refusal)
        {
            // The poster is anonymous: counted per address and window, with the first address given as a sample.
            anonymousAudit.Note(new AnonymousEvent(AuditActions.PartnerApplicationRefused, "organisation:new", remoteAddress,
                $"partner applications refused (\"{refusal}\")", application.Email));
            return Outcome.Invalid(refusal);
        }

        await using var session = identity.Open();
        var db = session.Db;
        var users = session.Users;
        var name = application.LegalName.Trim();
        if (await db.Organisations.AnyAsync(o => o.Name == name, cancellationToken))
            return Outcome.Conflict($"An organisation named \"{name}\" has already applied or is a partner. Contact the platform team if this is yours.");
        // The password is judged before the address, so a weak one is refused alike for a new and a taken address.
        if (await PasswordProblemAsync(users, application.Password) is { } weak)
            return Outcome.Invalid(weak);
        if (await users.FindByEmailAsync(application.Email) is { } existing)
            return await AnswerForExistingAccountAsync(users, existing, application, remoteAddress, cancellationToken);

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
        await using (var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken))
        {
            db.Organisations.Add(organisation);
            await db.SaveChangesAsync(cancellationToken);
            var created = await users.CreateAsync(applicant, application.Password);
            if (!created.Succeeded)
                return Outcome.Invalid(string.Join(" ", created.Errors.Select(e => e.Description)));
            // Staff role from the start; every search feature also requires the organisation to be approved.
            await users.AddToRoleAsync(applicant, Roles.PartnerStaff);
            await auditLog.AppendWithinAsync(db, application.Email, AuditActions.PartnerApplied, $"organisation:{organisation.Id}", $"{name} ({Sectors.Label(application.Sector)}) applied for {Purposes.LabelAll(application.RequestedPurposes)}; " +
                $"agreement {application.AcceptedAgreementVersion}; from {pseudonyms.Address(remoteAddress)}", organisation.Id, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        // Committed: the account waits for this link, so sending it does not stop with the caller.
        await mails.SendConfirmationAsync(users, applicant, CancellationToken.None);
        return Outcome.Ok;
    }

    /// <summary>
    /// Answers exactly as for a new address and creates nothing; the owner of the account is told by e-mail.
    /// Hashing the submitted password costs what creating the account would, so the answer takes as long.
    /// </summary>
    private async Task<Outcome> AnswerForExistingAccountAsync(
        UserManager<ApplicationUser> users, ApplicationUser existing, PartnerApplication application, string remoteAddress, CancellationToken cancellationToken)
    {
        users.PasswordHasher.HashPassword(new ApplicationUser(), application.Password);
        await auditLog.RecordAsync(existing.Email!, AuditActions.PartnerApplicationForExistingAccount, $"user:{existing.Id}",
            $"an application for \"{application.LegalName.Trim()}\" used this account's address; nothing created, owner told; from {pseudonyms.Address(remoteAddress)}",
            existing.OrganisationId, cancellationToken);
        await mails.SendAlreadyRegisteredAsync(existing.Email!, cancellationToken);
        return Outcome.Ok;
    }

    private static async Task<string?> PasswordProblemAsync(UserManager<ApplicationUser> users, string password)
    {
        var errors = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new ApplicationUser(), password);
            errors.AddRange(result.Errors.Select(e => e.Description));
        }
        return errors.Count == 0 ? null : string.Join(" ", errors);
    }

    /// <summary>
    /// Confirms the applicant's email; the confirmation, the application's new state and the entry commit together.
    /// A refused link is counted per address and window: whoever presents it is not signed in.
    /// </summary>
    public async Task<Outcome> ConfirmEmailAsync(string userId, string code, string remoteAddress = "unknown", CancellationToken cancellationToken = default)
    {
        await using var session = identity.Open();
        var users = session.Users;
        var user = await users.FindByIdAsync(userId);
        var token = EmailLinks.DecodeToken(code);
        if (user is null || token is null)
            return RefuseConfirmation(remoteAddress, "e-mail confirmations with an unknown account or a malformed code",
                "This confirmation link is not valid. Sign in and ask for a new one.");
        if (user.EmailConfirmed)
            return Outcome.Ok;
        var db = session.Db;
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        var confirmed = await users.ConfirmEmailAsync(user, token);
        if (!confirmed.Succeeded)
            return RefuseConfirmation(remoteAddress, "e-mail confirmations with a wrong or expired code",
                "This confirmation link is not valid or has expired. Sign in and ask for a new one.");

        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == user.OrganisationId, cancellationToken);
        if (organisation is not null && organisation.ApplicationConfirmedAt is null)
        {
            organisation.ApplicationConfirmedAt = timeProvider.GetUtcNow();
            await auditLog.AppendWithinAsync(db, user.Email!, AuditActions.PartnerApplicationConfirmed, $"organisation:{organisation.Id}",
                $"{organisation.Name}: applicant user:{user.Id} confirmed their e-mail; the application is now with the admins", organisation.Id, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return Outcome.Ok;
    }

    private Outcome RefuseConfirmation(string remoteAddress, string what, string message)
    {
        anonymousAudit.Note(new AnonymousEvent(AuditActions.EmailConfirmationRefused, "user:confirmation", remoteAddress, what));
        return Outcome.Invalid(message);
    }

    public async Task<ApplicationStatusView?> StatusForAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var row = await (from user in db.Users
                         join org in db.Organisations.Include(o => o.History) on user.OrganisationId equals org.Id
                         where user.Id == userId
                         select new { user.Email, user.EmailConfirmed, Organisation = org })
            .AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return null;
        var organisation = row.Organisation;
        return new ApplicationStatusView(organisation.Id, organisation.Name, organisation.Status, row.EmailConfirmed, row.Email ?? "",
            organisation.RequestedPurposes, organisation.GrantedPurposes,
            organisation.History.OrderBy(h => h.At).Select(h => new StatusChangeView(h.From, h.To, h.Actor, h.At, h.Reason)).ToList());
    }

    /// <summary>Checks the service makes itself, whatever the form checked: the form is not the only way in.</summary>
    private static string? Refusal(PartnerApplication application)
    {
        if (application.AcceptedAgreementVersion != DataUseAgreement.CurrentVersion)
            return $"Accept the current data-use agreement (version {DataUseAgreement.CurrentVersion}).";
        if (!DefinedValues.IsDefined(application.Sector))
            return "Choose one of the listed sectors.";
        if (!DefinedValues.IsDefinedCombination(application.RequestedPurposes))
            return "Choose purposes from the list.";
        if (application.RequestedPurposes == Purpose.None)
            return "Choose at least one purpose.";
        if (string.IsNullOrWhiteSpace(application.LegalName) || string.IsNullOrWhiteSpace(application.Email))
            return "The organisation's legal name and the applicant's email are required.";
        return null;
    }
}
