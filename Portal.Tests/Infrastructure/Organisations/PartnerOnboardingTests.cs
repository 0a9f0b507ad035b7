using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Organisations;

/// <summary>Application, confirmation, vetting, invitations and removal, on a real database.</summary>
public sealed class PartnerOnboardingTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private InfrastructureHost _host = default!;
    private static readonly Actor Admin = new("admin-id", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);

    public async Task InitializeAsync() =>
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true,
            configure: services => services.AddSingleton<TimeProvider>(_time));

    [Fact]
    public async Task AnApplicationReachesTheAdminsOnlyAfterTheEmailIsConfirmed()
    {
        var applications = _host.Get<PartnerApplications>();
        var administration = _host.Get<OrganisationAdministration>();

        Assert.True((await applications.SubmitAsync(Applicants.Application("Flood Reunite", "lead@flood.example"), "10.0.0.1")).Succeeded);
        Assert.DoesNotContain((await administration.ListAsync(Admin, new OrganisationFilter(null, null))).Value!, o => o.Name == "Flood Reunite");

        var link = new Uri(_host.Get<IMailPickup>().LatestLinkTo("lead@flood.example", "/Account/ConfirmEmail"));
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        Assert.True((await applications.ConfirmEmailAsync(query["userId"]!, query["code"]!)).Succeeded);

        var queued = Assert.Single((await administration.ListAsync(Admin, new OrganisationFilter(OrganisationStatus.Applied, null))).Value!, o => o.Name == "Flood Reunite");
        Assert.True(await HasAuditAsync(AuditActions.PartnerApplied, queued.Id));
        Assert.True(await HasAuditAsync(AuditActions.PartnerApplicationConfirmed, queued.Id));
    }

    [Fact]
    public async Task TheApplicantIsStaffAndOrganisationAdminButReachesNothingUntilApproved()
    {
        await _host.Get<PartnerApplications>().SubmitAsync(Applicants.Application("Hope Search", "lead@hope.example"), "10.0.0.1");

        var membership = await MembershipOfAsync("lead@hope.example");

        Assert.Equal(OrganisationStatus.Applied, membership.Status);
        Assert.True(membership.IsOrganisationAdmin);
        Assert.Equal([Roles.PartnerStaff], await RolesOfAsync("lead@hope.example"));
    }

    [Fact]
    public async Task ASecondApplicationWithTheSameNameIsRefusedAndNothingIsLost()
    {
        var applications = _host.Get<PartnerApplications>();
        await applications.SubmitAsync(Applicants.Application("Twice Ltd", "one@twice.example"), "10.0.0.1");

        var sameName = await applications.SubmitAsync(Applicants.Application("Twice Ltd", "two@twice.example"), "10.0.0.1");

        Assert.Contains("already applied", sameName.Error);
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.Organisations.CountAsync(o => o.Name == "Twice Ltd"));
        Assert.False(await db.Users.AnyAsync(u => u.Email == "two@twice.example"));
    }

    [Fact]
    public async Task AWeakPasswordLeavesNoOrphanOrganisation()
    {
        var application = Applicants.Application("Weak Password Org", "weak@org.example") with { Password = "short" };

        var outcome = await _host.Get<PartnerApplications>().SubmitAsync(application, "10.0.0.1");

        Assert.False(outcome.Succeeded);
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Organisations.AnyAsync(o => o.Name == "Weak Password Org"));
    }

    [Fact]
    public async Task AnOutdatedAgreementIsRefusedWithAnAuditEntry()
    {
        var application = Applicants.Application("Old Terms Org", "old@terms.example") with { AcceptedAgreementVersion = "2019-01" };

        var outcome = await _host.Get<PartnerApplications>().SubmitAsync(application, "10.0.0.9");

        Assert.Contains("current data-use agreement", outcome.Error);
        // The applicant is anonymous: the refusal is counted per address and written when the window is flushed.
        await _host.Get<Portal.Infrastructure.Auditing.AnonymousAudit>().FlushAsync();
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.PartnerApplicationRefused
            && e.Details.StartsWith("1 partner applications refused") && e.Details.Contains("from " + _host.Get<Portal.Infrastructure.Auditing.AuditPseudonyms>().Address("10.0.0.9")) && e.Details.Contains(_host.Get<Portal.Infrastructure.Auditing.AuditPseudonyms>().Email("old@terms.example"))));
    }

    [Fact]
    public async Task ApprovalThenSuspensionIsAuditedAndEndsMemberSessions()
    {
        var id = await ApprovedOrganisationAsync("Approve Me", "lead@approve.example");
        var stampBefore = await StampOfAsync("lead@approve.example");

        var suspended = await _host.Get<OrganisationAdministration>().ChangeStatusAsync(Admin, id, OrganisationStatus.Suspended, "agreement breach");

        Assert.True(suspended.Succeeded, suspended.Error);
        Assert.NotEqual(stampBefore, await StampOfAsync("lead@approve.example"));
        var details = (await _host.Get<OrganisationAdministration>().GetAsync(Admin, id)).Value;
        Assert.Equal([OrganisationStatus.Applied, OrganisationStatus.UnderReview, OrganisationStatus.Approved, OrganisationStatus.Suspended],
            details!.History.Select(h => h.To));
        Assert.Equal(Purpose.DisasterReunification, details.GrantedPurposes);
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(3, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.PartnerStatusChanged && e.OrganisationId == id));
    }

    [Fact]
    public async Task OnlyPlatformAdminsVet()
    {
        var id = await ApprovedOrganisationAsync("Self Approver", "lead@self.example");
        var applicant = await ActorForAsync("lead@self.example");

        var outcome = await _host.Get<OrganisationAdministration>().ChangeStatusAsync(applicant, id, OrganisationStatus.Suspended, "x");

        Assert.False(outcome.Succeeded);
    }

    [Fact]
    public async Task AnInvitedColleagueJoinsOnceWithTheirOwnPassword()
    {
        var id = await ApprovedOrganisationAsync("Invite Org", "lead@invite.example");
        var lead = await ActorForAsync("lead@invite.example");
        var members = _host.Get<OrganisationMembers>();

        Assert.True((await members.InviteAsync(lead, id, "colleague@invite.example", Roles.Reviewer)).Succeeded);
        var token = TokenFrom(_host.Get<IMailPickup>().LatestLinkTo("colleague@invite.example", "/invitations/accept"));
        var first = await members.AcceptAsync(token, "Colleague", "colleague-password-1");
        var second = await members.AcceptAsync(token, "Impostor", "impostor-password-1");

        Assert.True(first.Succeeded, first.Error);
        Assert.False(second.Succeeded);
        Assert.Equal([Roles.Reviewer], await RolesOfAsync("colleague@invite.example"));
        Assert.Equal(id, (await MembershipOfAsync("colleague@invite.example")).OrganisationId);
        Assert.Contains((await members.ListMembersAsync(lead, id)).Value!, m => m.Email == "colleague@invite.example");
    }

    [Fact]
    public async Task TheInvitationMailNamesTheRoleInWords()
    {
        var id = await ApprovedOrganisationAsync("Worded Org", "lead@worded.example");
        var lead = await ActorForAsync("lead@worded.example");

        await _host.Get<OrganisationMembers>().InviteAsync(lead, id, "staff@worded.example", Roles.PartnerStaff);

        var mail = _host.Get<IMailPickup>().List().First(m => m.To.Contains("staff@worded.example", StringComparison.Ordinal));
        Assert.Contains("as Partner staff.", mail.Body);
        Assert.DoesNotContain("PartnerStaff", mail.Body);
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var invited = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.MemberInvited && e.OrganisationId == id);
        var invitation = await db.Invitations.SingleAsync(i => i.Email == "staff@worded.example");
        Assert.Equal($"invitation {invitation.Id} sent as Partner staff", invited.Details);
    }

    [Fact]
    public async Task StatusChangesAreAuditedInWords()
    {
        var id = await ApprovedOrganisationAsync("Worded Status", "lead@status.example");

        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var changes = await db.AuditEntries.Where(e => e.Action == AuditActions.PartnerStatusChanged && e.OrganisationId == id).Select(e => e.Details).ToListAsync();
        Assert.Contains(changes, d => d.StartsWith("Worded Status: Applied -> Under review", StringComparison.Ordinal));
        Assert.All(changes, d => Assert.Empty(RawEnumNames.In(d)));
    }

    [Fact]
    public async Task AnInvitationExpiresAfterSeventyTwoHours()
    {
        var id = await ApprovedOrganisationAsync("Slow Org", "lead@slow.example");
        var lead = await ActorForAsync("lead@slow.example");
        await _host.Get<OrganisationMembers>().InviteAsync(lead, id, "late@slow.example", Roles.PartnerStaff);
        var token = TokenFrom(_host.Get<IMailPickup>().LatestLinkTo("late@slow.example", "/invitations/accept"));

        _time.Advance(TimeSpan.FromHours(72));
        var outcome = await _host.Get<OrganisationMembers>().AcceptAsync(token, "Late", "late-password-123");

        Assert.False(outcome.Succeeded);
        Assert.Contains("72 hours", outcome.Error);
        // The words the accept page shows for a dead link: one message, wherever the invitee meets it.
        Assert.Equal(Invitation.NoLongerValid, outcome.Error);
    }

    [Fact]
    public async Task AnExpiredOrUnknownInvitationLinkIsRefusedAsNotValidWithTheOneMessage()
    {
        var id = await ApprovedOrganisationAsync("Lapsed Org", "lead@lapsed.example");
        var lead = await ActorForAsync("lead@lapsed.example");
        var members = _host.Get<OrganisationMembers>();
        await members.InviteAsync(lead, id, "lapsed@lapsed.example", Roles.Reviewer);
        var token = TokenFrom(_host.Get<IMailPickup>().LatestLinkTo("lapsed@lapsed.example", "/invitations/accept"));
        Assert.True((await members.FindOpenInvitationAsync(token)).Succeeded);

        _time.Advance(Invitation.Lifetime);
        var expired = await members.FindOpenInvitationAsync(token);
        var unknown = await members.FindOpenInvitationAsync("not-a-token");

        Assert.Equal((OutcomeKind.Invalid, Invitation.NoLongerValid), (expired.Kind, expired.Error));
        Assert.Equal((OutcomeKind.Invalid, Invitation.NoLongerValid), (unknown.Kind, unknown.Error));
    }

    [Fact]
    public async Task AnOrganisationAdminCannotReachAnotherOrganisationsMembersOrInvitations()
    {
        var a = await ApprovedOrganisationAsync("Org A", "lead@a.example");
        var b = await ApprovedOrganisationAsync("Org B", "lead@b.example");
        var leadA = await ActorForAsync("lead@a.example");
        var leadB = await ActorForAsync("lead@b.example");
        var members = _host.Get<OrganisationMembers>();
        await members.InviteAsync(leadB, b, "pending@b.example", Roles.Reviewer);
        var invitationOfB = (await members.ListInvitationsAsync(leadB, b)).Value!.Single();
        var leadOfB = await UserIdAsync("lead@b.example");

        // Not found, like an organisation that does not exist: another organisation's id tells nothing.
        Assert.Equal(OutcomeKind.NotFound, (await members.ListMembersAsync(leadA, b)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await members.ListInvitationsAsync(leadA, b)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await members.ListMembersAsync(leadA, Guid.NewGuid())).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await members.InviteAsync(leadA, b, "x@b.example", Roles.Reviewer)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await members.RevokeInvitationAsync(leadA, invitationOfB.Id)).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await members.RemoveMemberAsync(leadA, leadOfB)).Kind);

        Assert.Equal(InvitationState.Open, (await members.ListInvitationsAsync(leadB, b)).Value!.Single().State);
        Assert.Equal(b, (await MembershipOfAsync("lead@b.example")).OrganisationId);
    }

    [Fact]
    public async Task ARemovedMemberLosesRolesOrganisationAndAccess()
    {
        var id = await ApprovedOrganisationAsync("Leaver Org", "lead@leaver.example");
        var lead = await ActorForAsync("lead@leaver.example");
        var members = _host.Get<OrganisationMembers>();
        await members.InviteAsync(lead, id, "leaver@leaver.example", Roles.PartnerStaff);
        await members.AcceptAsync(TokenFrom(_host.Get<IMailPickup>().LatestLinkTo("leaver@leaver.example", "/invitations/accept")), "Leaver", "leaver-password-1");

        var outcome = await members.RemoveMemberAsync(lead, await UserIdAsync("leaver@leaver.example"));

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Empty(await RolesOfAsync("leaver@leaver.example"));
        using var scope = _host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var leaver = (await users.FindByEmailAsync("leaver@leaver.example"))!;
        Assert.Null(leaver.OrganisationId);
        Assert.True(await users.IsLockedOutAsync(leaver));
    }

    private async Task<Guid> ApprovedOrganisationAsync(string name, string email)
    {
        var applications = _host.Get<PartnerApplications>();
        await applications.SubmitAsync(Applicants.Application(name, email), "10.0.0.1");
        var link = new Uri(_host.Get<IMailPickup>().LatestLinkTo(email, "/Account/ConfirmEmail"));
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        await applications.ConfirmEmailAsync(query["userId"]!, query["code"]!);
        var administration = _host.Get<OrganisationAdministration>();
        var id = (await administration.ListAsync(Admin, new OrganisationFilter(null, null))).Value!.Single(o => o.Name == name).Id;
        Assert.True((await administration.ChangeStatusAsync(Admin, id, OrganisationStatus.UnderReview, "checking")).Succeeded);
        Assert.True((await administration.ApproveAsync(Admin, id, Purpose.DisasterReunification, "vetted")).Succeeded);
        return id;
    }

    private static string TokenFrom(string link) => System.Web.HttpUtility.ParseQueryString(new Uri(link).Query)["token"]!;

    private async Task<string> UserIdAsync(string email)
    {
        using var scope = _host.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!.Id;
    }

    private async Task<Actor> ActorForAsync(string email)
    {
        var membership = await MembershipOfAsync(email);
        return new Actor(membership.UserId, email, membership.OrganisationId);
    }

    private async Task<Membership> MembershipOfAsync(string email) =>
        (await _host.Get<MembershipLookup>().FindAsync(await UserIdAsync(email)))!;

    private async Task<IList<string>> RolesOfAsync(string email)
    {
        using var scope = _host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
    }

    private async Task<string?> StampOfAsync(string email)
    {
        using var scope = _host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return (await users.FindByEmailAsync(email))!.SecurityStamp;
    }

    private async Task<bool> HasAuditAsync(string action, Guid organisationId)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AnyAsync(e => e.Action == action && e.OrganisationId == organisationId);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
