using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Domain.Messaging;
using Portal.Domain.Retention;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Messaging;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Lifecycle;

/// <summary>Copies of sent e-mail in the pickup folder go when the schedule's period for them is over, and not before.</summary>
public sealed class SentMailExpiryTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private QueueTestBed _bed = null!;

    public async Task InitializeAsync() =>
        _bed = await QueueTestBed.StartAsync(_data.Path, services => services.AddSingleton<TimeProvider>(_clock));

    [Fact]
    public async Task AMessageGoesThirtyDaysAfterItWasWrittenAndAYoungerOneStays()
    {
        await SendAsync("old@example.org");
        _clock.Advance(TimeSpan.FromDays(20));
        await SendAsync("young@example.org");
        var expiry = _bed.Host.Get<SentMailExpiry>();

        _clock.Advance(TimeSpan.FromDays(9));
        Assert.Equal(0, await expiry.DeleteDueAsync());

        _clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, await expiry.DeleteDueAsync());
        Assert.Equal(["young@example.org"], _bed.Host.Get<IMailPickup>().List().Select(m => m.To));
        Assert.Equal(0, await expiry.DeleteDueAsync());
    }

    [Fact]
    public async Task AShorterPublishedPeriodTakesEffectAndFilesThatAreNotMessagesAreLeftAlone()
    {
        await SendAsync("someone@example.org");
        var pickup = _bed.Host.Get<IMailPickup>();
        var foreign = Path.Combine(pickup.Folder, "notes.eml");
        await File.WriteAllTextAsync(foreign, "not written by the portal");
        await using (var db = await _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            (await db.RetentionRules.SingleAsync(r => r.Kind == DataKind.SentMail)).MaxDays = 2;
            await db.SaveChangesAsync();
        }

        _clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));

        Assert.Equal(1, await _bed.Host.Get<SentMailExpiry>().DeleteDueAsync());
        Assert.Equal(["notes.eml"], Directory.EnumerateFiles(pickup.Folder).Select(Path.GetFileName));
    }

    private Task SendAsync(string to) =>
        _bed.Host.Get<IEmailSender>().SendAsync(new EmailMessage(to, "Your invitation", "https://portal.example/invitations/accept?token=x"));

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _data.Dispose();
    }
}
