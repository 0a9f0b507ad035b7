using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Users;

/// <summary>
/// <c>admin grant --existing</c>: an existing account becomes a vetted admin only after everything its maker could know
/// is reset (password, second factors, external logins, sessions); without the flag an existing e-mail is refused.
/// </summary>
public sealed class OperatorRevettingTests : IAsyncLifetime
{
    private const string HelperEmail = "helper@reunite.example";
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero));
    private InfrastructureHost _host = default!;
    private Actor _first = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true,
            configure: services => services.AddSingleton<TimeProvider>(_clock));
        _first = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
    }

    private OperatorAdminGrants Operator => _host.Get<OperatorAdminGrants>();

    [Fact]
    public async Task ReVettingAnExistingAdminResetsWhatItsMakerKnewAndLetsItConfirm()
    {
        var (helper, _) = await AdminAccounts.AskAsync(_host.Services, _first, HelperEmail);
        var stampBefore = await SetUpSecondFactorsAsync(helper.UserId);

        var plain = await Operator.GrantAsync(HelperEmail);
        var revetted = await Operator.GrantAsync(HelperEmail, existing: true);

        Assert.Equal(OutcomeKind.Conflict, plain.Kind);
        Assert.Contains("--existing", plain.Error);
        Assert.True(revetted.Succeeded, revetted.Error);
        using (var scope = _host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(helper.UserId))!;
            Assert.False(await users.CheckPasswordAsync(user, "a-long-enough-password"));
            Assert.True(await users.CheckPasswordAsync(user, revetted.Value!.Password));
            Assert.False(user.TwoFactorEnabled);
            Assert.Null(await users.GetAuthenticatorKeyAsync(user));
            Assert.Equal(0, await users.CountRecoveryCodesAsync(user));
            Assert.Empty(await users.GetLoginsAsync(user));
            Assert.NotEqual(stampBefore, user.SecurityStamp);
        }
        await using (var db = await DbAsync())
        {
            var grants = await db.AdminGrants.Where(g => g.UserId == helper.UserId).ToListAsync();
            Assert.Equal(AdminGrant.ByOperator, Assert.Single(grants, g => g.RevokedAt == null).RequestedBy);
            var old = Assert.Single(grants, g => g.RevokedAt != null);
            Assert.Equal((_first.UserId, AdminGrant.ByOperator), (old.RequestedBy, old.RevokedBy));
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.AdminGrantedByOperator && e.Target == $"user:{helper.UserId}");
            Assert.Equal("operator", entry.Actor);
            Assert.Contains("existing account", entry.Details);
            Assert.DoesNotContain(await db.AuditEntries.Select(e => e.Details).ToListAsync(), d => d.Contains(HelperEmail));
        }
        _clock.Advance(TimeSpan.FromHours(1));
        var proposed = await _host.Get<ThresholdProposals>().ProposeAsync(_first, Sector.Research, 0.6f, "Fewer false leads for research searches");
        var confirmed = await _host.Get<ThresholdProposals>().ConfirmAsync(helper, proposed.Value);
        Assert.True(confirmed.Succeeded, confirmed.Error);
    }

    [Fact]
    public async Task ReVettingAMemberKeepsTheirRolesAndAddsTheAdminRole()
    {
        var reviewer = await ReviewScenario.ActorAsync(_host.Services, "reviewer@thorn.example");

        var revetted = await Operator.GrantAsync("reviewer@thorn.example", existing: true);

        Assert.True(revetted.Succeeded, revetted.Error);
        using var scope = _host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.Equal([Roles.PlatformAdmin, Roles.Reviewer], (await users.GetRolesAsync((await users.FindByIdAsync(reviewer.UserId))!)).Order());
    }

    [Fact]
    public async Task ReVettingAnEmailWithoutAnAccountIsRefusedAndChangesNothing()
    {
        var refused = await Operator.GrantAsync("nobody@reunite.example", existing: true);

        Assert.Equal(OutcomeKind.NotFound, refused.Kind);
        await using var db = await DbAsync();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "nobody@reunite.example"));
        Assert.False(await db.AdminGrants.AnyAsync(g => g.RequestedBy == AdminGrant.ByOperator));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AdminGrantRefused && e.Target == "user:unknown"));
    }

    /// <summary>What the account's maker could have set up: an authenticator, recovery codes, an external login. Returns the stamp.</summary>
    private async Task<string?> SetUpSecondFactorsAsync(string userId)
    {
        using var scope = _host.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        Assert.True((await users.ResetAuthenticatorKeyAsync(user)).Succeeded);
        Assert.NotNull(await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 5));
        Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
        Assert.True((await users.AddLoginAsync(user, new UserLoginInfo("Example", "example-key", "Example"))).Succeeded);
        return user.SecurityStamp;
    }

    private Task<PortalDbContext> DbAsync() => _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
