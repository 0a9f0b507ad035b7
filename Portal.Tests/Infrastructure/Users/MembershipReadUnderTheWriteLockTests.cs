using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Users;

/// <summary>
/// Removing a member and changing an account's roles decide on the roles the account has when the change is written:
/// read under the write lock, not before it, so a role given by a change that commits meanwhile is seen.
/// </summary>
public sealed class MembershipReadUnderTheWriteLockTests : IAsyncLifetime
{
    private const string ReviewerEmail = "reviewer@thorn.example";
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync() => _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);

    [Fact]
    public async Task AMemberMadeAPlatformAdminWhileTheirRemovalWaitedIsNotRemoved()
    {
        var reviewer = await ReviewScenario.ActorAsync(_host.Services, ReviewerEmail);
        var thornLead = await ReviewScenario.ActorAsync(_host.Services, "staff@thorn.example");

        var removed = await WhileTheAdminRoleIsGivenAsync(reviewer.UserId,
            () => _host.Get<OrganisationMembers>().RemoveMemberAsync(thornLead, reviewer.UserId));

        Assert.Equal(OutcomeKind.Forbidden, removed.Kind);
        Assert.Contains("only a platform admin can change their account", removed.Error);
        await using var db = await DbAsync();
        var account = await db.Users.SingleAsync(u => u.Id == reviewer.UserId);
        Assert.Equal((reviewer.OrganisationId, null), (account.OrganisationId, account.LockoutEnd));
    }

    [Fact]
    public async Task RolesChangedWhileAnEditWaitedAreTheOnesTheEditReplaces()
    {
        var first = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        var reviewer = await ReviewScenario.ActorAsync(_host.Services, ReviewerEmail);

        var changed = await WhileTheAdminRoleIsGivenAsync(reviewer.UserId, async () => (await _host.Get<UserAdministration>()
            .UpdateMembershipAsync(first, reviewer.UserId, [Roles.PartnerStaff, Roles.Reviewer], reviewer.OrganisationId)).WithoutValue());

        Assert.True(changed.Succeeded, changed.Error);
        await using var db = await DbAsync();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == reviewer.UserId select r.Name).ToListAsync();
        Assert.Equal([Roles.PartnerStaff, Roles.Reviewer], roles.Order());
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == Portal.Domain.Auditing.AuditActions.RolesChanged && e.Target == $"user:{reviewer.UserId}");
        Assert.Equal("roles Platform admin, Reviewer -> Partner staff, Reviewer", entry.Details);
    }

    /// <summary>
    /// Holds the write lock while giving <paramref name="userId"/> the admin role, starts <paramref name="step"/>, lets it
    /// reach the lock, then commits: a step that read the roles before taking the lock decides on the old ones.
    /// </summary>
    private async Task<Outcome> WhileTheAdminRoleIsGivenAsync(string userId, Func<Task<Outcome>> step)
    {
        await using var db = await DbAsync();
        Task<Outcome> running;
        await using (var transaction = await db.Database.BeginWriteTransactionAsync())
        {
            var roleId = await db.Roles.Where(r => r.Name == Roles.PlatformAdmin).Select(r => r.Id).SingleAsync();
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = roleId });
            await db.SaveChangesAsync();
            running = Task.Run(step);
            // Long enough for a step that reads first to have read; a step that locks first waits whatever the delay.
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            await transaction.CommitAsync();
        }
        return await running;
    }

    private Task<PortalDbContext> DbAsync() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
