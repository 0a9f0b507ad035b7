using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using Portal.Web.Hosting;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// <c>admin grant &lt;e-mail&gt;</c> on the server: the operator's independent admin, made through the same binary and
/// settings as the portal, printed once, audited; a second call and a wrong command line are refused with their exit codes.
/// </summary>
public sealed class AdminCommandTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose() => _data.Dispose();

    /// <summary>The portal's settings on the command line, the assembly's database among them (PostgreSQL in its own assembly).</summary>
    private async Task<string[]> SettingsAsync() =>
    [
        "--environment=Testing", $"--Portal:DataDirectory={_data.Path}", $"--Portal:PublicBaseUrl={PortalFactory.PublicBaseUrl}",
        .. (await TestDatabase.ForDirectoryAsync(_data.Path)).Settings.Select(setting => $"--{setting.Key}={setting.Value}"),
    ];

    [Fact]
    public async Task GrantsAnIndependentAdminOnceAndRefusesTheSecondTime()
    {
        await (await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true)).DisposeAsync();
        var settings = await SettingsAsync();

        var first = await AdminCommand.RunAsync(["admin", "grant", "operator-made@reunite.example", .. settings], _output, _error);
        var second = await AdminCommand.RunAsync(["admin", "grant", "operator-made@reunite.example", .. settings], _output, _error);

        Assert.Equal((0, 1), (first, second));
        Assert.Contains("operator-made@reunite.example is now a vetted platform admin: it can propose and confirm two-person steps.", _output.ToString());
        Assert.Matches("shown once: [A-Za-z0-9]{20} ", _output.ToString());
        Assert.Contains("Refused: An account with operator-made@reunite.example exists already", _error.ToString());
        Assert.Contains("--existing", _error.ToString());
        await using var host = await InfrastructureHost.StartAsync(_data.Path, initialise: false);
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var grant = await db.AdminGrants.SingleAsync(g => g.RequestedBy != AdminGrant.FirstAdmin);
        Assert.Equal((AdminGrant.ByOperator, AdminGrantState.Granted), (grant.RequestedBy, grant.State));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AdminGrantedByOperator && e.Actor == "operator"));
    }

    [Fact]
    public async Task ReVetsAnExistingAccountWithExistingAndRefusesAnUnknownOne()
    {
        await (await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true)).DisposeAsync();
        var settings = await SettingsAsync();

        var existing = await AdminCommand.RunAsync(["admin", "grant", "--existing", "reviewer@thorn.example", .. settings], _output, _error);
        var unknown = await AdminCommand.RunAsync(["admin", "grant", "--existing", "nobody@reunite.example", .. settings], _output, _error);

        Assert.Equal((0, 1), (existing, unknown));
        Assert.Contains("reviewer@thorn.example is now a vetted platform admin", _output.ToString());
        Assert.Contains("old password, authenticator, recovery codes and external logins no longer work", _output.ToString());
        Assert.Matches("shown once: [A-Za-z0-9]{20} ", _output.ToString());
        Assert.Contains("Refused: No account with nobody@reunite.example exists", _error.ToString());
        await using var host = await InfrastructureHost.StartAsync(_data.Path, initialise: false);
        await using var db = await host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var reviewerId = await db.Users.Where(u => u.Email == "reviewer@thorn.example").Select(u => u.Id).SingleAsync();
        Assert.Equal(AdminGrant.ByOperator, (await db.AdminGrants.SingleAsync(g => g.UserId == reviewerId)).RequestedBy);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("admin", "grant", "--existing")]
    [InlineData("admin", "grant")]
    [InlineData("admin", "promote", "someone@reunite.example")]
    public async Task AWrongCommandLineShowsTheUsageAndExitsTwo(params string[] args)
    {
        Assert.Equal(2, await AdminCommand.RunAsync(args, _output, _error));
        Assert.StartsWith("Usage: admin grant [--existing] <e-mail>", _error.ToString());
    }
}
