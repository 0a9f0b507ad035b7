using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Organisations;

/// <summary>Applying and asking for a confirmation link again never tell anyone which addresses have accounts.</summary>
public sealed class ApplicationPrivacyTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync() =>
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true,
            configure: services => services.AddSingleton<TimeProvider>(_time));

    [Fact]
    public async Task ApplyingWithARegisteredEmailAnswersAsForANewOneCreatesNothingAndTellsTheOwner()
    {
        var outcome = await Applications.SubmitAsync(Applicants.Application("Copycat Org", TestAccounts.ThornStaff), "10.0.0.7");

        Assert.Equal(Outcome.Ok, outcome);
        var notice = Assert.Single(Mail.List(), m => m.To == TestAccounts.ThornStaff);
        Assert.Contains("Someone tried to apply", notice.Subject);
        Assert.Contains($"{PortalFactory.PublicBaseUrl}/Account/Login", notice.Body);
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Organisations.AnyAsync(o => o.Name == "Copycat Org"));
        var ownerKey = await AuditActorKeys.OfAsync(db, TestAccounts.ThornStaff);
        Assert.True(await db.AuditEntries.AnyAsync(e =>
            e.Action == AuditActions.PartnerApplicationForExistingAccount && e.Actor == ownerKey));
    }

    [Fact]
    public async Task AWeakPasswordIsRefusedAlikeForANewAndARegisteredEmail()
    {
        var forNew = await Applications.SubmitAsync(Applicants.Application("Weak New", "weak@new.example") with { Password = "short" }, "10.0.0.7");
        var forRegistered = await Applications.SubmitAsync(Applicants.Application("Weak Old", TestAccounts.ThornStaff) with { Password = "short" }, "10.0.0.7");

        Assert.False(forNew.Succeeded);
        Assert.Equal(forNew, forRegistered);
        Assert.DoesNotContain(Mail.List(), m => m.To == TestAccounts.ThornStaff);
    }

    [Fact]
    public async Task TheConfirmationLinkIsSentAgainThreeTimesAnHourPerAccountWithTheSameAnswer()
    {
        await Applications.SubmitAsync(Applicants.Application("Resend Org", "lead@resend.example"), "10.0.0.7");

        var answers = new List<Outcome>();
        for (var i = 0; i < 4; i++)
            answers.Add(await Resends.ResendAsync("lead@resend.example", $"10.0.1.{i}"));

        Assert.All(answers, a => Assert.Equal(Outcome.Ok, a));
        Assert.Equal(1 + 3, Mail.List().Count(m => m.To == "lead@resend.example"));
        await _host.Get<AnonymousAudit>().FlushAsync();
        Assert.True(await HasAuditAsync(AuditActions.ConfirmationResendRefused, "anonymous"));
        Assert.True(await HasAuditAsync(AuditActions.ConfirmationResent, "lead@resend.example"));
        Assert.StartsWith($"{PortalFactory.PublicBaseUrl}/Account/ConfirmEmail?", Mail.LatestLinkTo("lead@resend.example", "/Account/ConfirmEmail"));

        _time.Advance(TimeSpan.FromHours(1));
        await Resends.ResendAsync("lead@resend.example", remoteAddress: null);
        Assert.Equal(1 + 4, Mail.List().Count(m => m.To == "lead@resend.example"));
    }

    [Fact]
    public async Task AnUnknownOrConfirmedAddressGetsTheSameAnswerAndNoMail()
    {
        var unknown = await Resends.ResendAsync("nobody@nowhere.example", "10.0.0.8");
        var confirmed = await Resends.ResendAsync(TestAccounts.ThornStaff, "10.0.0.8");

        Assert.Equal(Outcome.Ok, unknown);
        Assert.Equal(Outcome.Ok, confirmed);
        Assert.Empty(Mail.List());
    }

    [Fact]
    public async Task OneNetworkAddressIsRefusedAfterTenRequestsAnHourAndAudited()
    {
        for (var i = 0; i < 10; i++)
            Assert.True((await Resends.ResendAsync($"someone{i}@nowhere.example", "10.0.0.9")).Succeeded);

        var eleventh = await Resends.ResendAsync("someone-else@nowhere.example", "10.0.0.9");
        var otherAddress = await Resends.ResendAsync("someone-else@nowhere.example", "10.0.0.10");

        Assert.Contains("network address", eleventh.Error);
        Assert.True(otherAddress.Succeeded);
        await _host.Get<AnonymousAudit>().FlushAsync();
        Assert.True(await HasAuditAsync(AuditActions.RateLimited, "anonymous"));
    }

    private PartnerApplications Applications => _host.Get<PartnerApplications>();
    private ConfirmationResends Resends => _host.Get<ConfirmationResends>();
    private IMailPickup Mail => _host.Get<IMailPickup>();

    private async Task<bool> HasAuditAsync(string action, string actor)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        // An account is recorded by its id since ADR 0010.
        var key = actor.Contains('@', StringComparison.Ordinal) ? await AuditActorKeys.OfAsync(db, actor) : actor;
        return await db.AuditEntries.AnyAsync(e => e.Action == action && e.Actor == key);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
