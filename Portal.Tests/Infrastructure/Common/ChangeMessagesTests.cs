using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Galleries;
using Portal.Domain.Identity;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Common;

/// <summary>
/// Issue 15 item 4: session terminations and gallery changes are notifier messages (relayed on PostgreSQL), published
/// after the change committed.
/// </summary>
public sealed class ChangeMessagesTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync() => _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);

    [Fact]
    public async Task ChangingAUsersRolesPublishesThatTheirSessionsEndedAfterTheNewStampIsStored()
    {
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        var admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        string? stampWhenHeard = null;
        using var _ = _host.Get<Notifier<SessionsEnded>>().Subscribe(async ended =>
        {
            if (ended.Concerns(staff.UserId, null))
                stampWhenHeard = await StampAsync(staff.UserId);
        });
        var before = await StampAsync(staff.UserId);

        var changed = await _host.Get<UserAdministration>().UpdateMembershipAsync(admin, staff.UserId, [Roles.Reviewer], staff.OrganisationId);

        Assert.True(changed.Succeeded, changed.Error);
        Assert.NotNull(stampWhenHeard);
        Assert.NotEqual(before, stampWhenHeard);
    }

    [Fact]
    public async Task RemovingAMemberAndEndingAnOrganisationsSessionsPublishWhoseSessionsEnded()
    {
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        var reviewer = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornReviewer);
        var heard = Record<SessionsEnded>();

        var removed = await _host.Get<OrganisationMembers>().RemoveMemberAsync(staff, reviewer.UserId);
        await _host.Get<SessionTerminator>().EndSessionsOfAsync([staff.OrganisationId!.Value]);

        Assert.True(removed.Succeeded, removed.Error);
        Assert.Equal(2, heard.Count);
        Assert.True(heard.First().Concerns(reviewer.UserId, null));
        Assert.False(heard.First().Concerns(staff.UserId, null));
        Assert.True(heard.Last().Concerns(null, staff.OrganisationId));
    }

    [Fact]
    public async Task SharingUnsharingAndDeletingAGalleryPublishThatItChanged()
    {
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        var admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        var icmec = (await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff)).OrganisationId!.Value;
        var gallery = new Gallery { OrganisationId = staff.OrganisationId!.Value, Name = "Intake", CreatedBy = staff.UserId, CreatedAt = DateTimeOffset.UtcNow };
        await using (var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            db.Galleries.Add(gallery);
            await db.SaveChangesAsync();
        }
        var heard = Record<GalleriesChanged>();

        Assert.True((await _host.Get<GallerySharing>().ShareAsync(admin, gallery.Id, icmec)).Succeeded);
        Assert.True((await _host.Get<GallerySharing>().UnshareAsync(admin, gallery.Id, icmec)).Succeeded);
        Assert.True((await _host.Get<GalleryService>().DeleteGalleryAsync(staff, gallery.Id)).Succeeded);

        Assert.Equal(Enumerable.Repeat(new GalleriesChanged(gallery.Id), 3), heard);
    }

    private ConcurrentQueue<T> Record<T>()
    {
        var heard = new ConcurrentQueue<T>();
        _host.Get<Notifier<T>>().Subscribe(m => { heard.Enqueue(m); return Task.CompletedTask; });
        return heard;
    }

    private async Task<string?> StampAsync(string userId)
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
