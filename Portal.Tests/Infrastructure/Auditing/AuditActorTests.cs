using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Auditing;

/// <summary>ADR 0010: the chain records ids and keyed hashes; names and e-mails live outside it, where they can be erased.</summary>
public sealed partial class AuditActorTests : IAsyncLifetime
{
    private static readonly Actor Admin = new("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);
    private readonly TempDirectory _data = new();
    private QueueTestBed _bed = default!;

    public async Task InitializeAsync() => _bed = await QueueTestBed.StartAsync(_data.Path);

    private AuditLog Log => _bed.Host.Get<AuditLog>();
    private AuditQueries Queries => _bed.Host.Get<AuditQueries>();
    private Task<PortalDbContext> Db() => _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task ANewEntryHoldsTheMembersIdNeverTheirEmailWhoseDetailsLiveOutsideTheChain()
    {
        await Log.RecordAsync(TestAccounts.ThornStaff, AuditActions.ThresholdChanged, "test", $"asked by {TestAccounts.ThornStaff}");

        await using var db = await Db();
        var key = await AuditActorKeys.OfAsync(db, TestAccounts.ThornStaff);
        var entry = await db.AuditEntries.OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.Equal(key, entry.Actor);
        Assert.Equal($"asked by {key}", entry.Details);
        var actor = await db.AuditActors.SingleAsync(a => a.Key == key);
        Assert.Equal(TestAccounts.ThornStaff, actor.Email);
        Assert.Null(actor.ErasedAt);
    }

    [Fact]
    public async Task TheViewerShowsTheEmailAndItsActorFilterStillFindsTheEntryByThatEmail()
    {
        await Log.RecordAsync(TestAccounts.ThornStaff, AuditActions.ThresholdChanged, "viewer-test", "shown");

        var page = (await Queries.PageAsync(Admin, new AuditFilter(Actor: "STAFF@thorn"), 0, 50)).Value!;

        var row = Assert.Single(page.Rows, r => r.Target == "viewer-test");
        Assert.Contains(TestAccounts.ThornStaff, row.Actor);
        Assert.StartsWith("user:", row.ActorKey);
    }

    [Fact]
    public async Task AnEmailThatBelongsToNoAccountIsAKeyedHashThatTheFilterStillFinds()
    {
        await Log.RecordAsync("Stranger@Elsewhere.example", AuditActions.SignInFailed, "stranger-test", "mailed stranger@elsewhere.example");

        var pseudonym = _bed.Host.Get<AuditPseudonyms>().Email("stranger@elsewhere.example");
        await using var db = await Db();
        var entry = await db.AuditEntries.SingleAsync(e => e.Target == "stranger-test");
        Assert.Equal(pseudonym, entry.Actor);
        Assert.Equal($"mailed {pseudonym}", entry.Details);
        Assert.Matches("^email:[0-9a-f]{16}$", entry.Actor);
        Assert.False(await db.AuditActors.AnyAsync(a => a.Key == pseudonym));
        var found = (await Queries.PageAsync(Admin, new AuditFilter(Actor: "stranger@elsewhere.example"), 0, 50)).Value!;
        Assert.Single(found.Rows, r => r.Target == "stranger-test");
    }

    [Fact]
    public async Task AnAddressDressedAsAnAccountKeyIsHashedNotPassedThrough()
    {
        await Log.RecordAsync("user:someone@elsewhere.example", AuditActions.SignInFailed, "dressed-test", "tried");

        await using var db = await Db();
        var entry = await db.AuditEntries.SingleAsync(e => e.Target == "dressed-test");
        Assert.Equal(_bed.Host.Get<AuditPseudonyms>().Email("user:someone@elsewhere.example"), entry.Actor);
        Assert.DoesNotContain("@", entry.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErasingAMembersDetailsKeepsTheChainIntactAndTheViewerShowsAFormerMember()
    {
        await Log.RecordAsync(TestAccounts.ThornStaff, AuditActions.ThresholdChanged, "erase-test", "before erasure");
        var staff = await _bed.ThornStaffAsync();

        var refused = await _bed.Host.Get<AuditActors>().EraseAsync(staff, staff.UserId);
        var erased = await _bed.Host.Get<AuditActors>().EraseAsync(Admin, staff.UserId);

        Assert.Equal(OutcomeKind.Forbidden, refused.Kind);
        Assert.True(erased.Succeeded);
        Assert.True((await _bed.Host.Get<IAuditLog>().VerifyAsync()).IsIntact);
        var row = Assert.Single((await Queries.PageAsync(Admin, new AuditFilter(), 0, 200)).Value!.Rows, r => r.Target == "erase-test");
        Assert.Equal(AuditActor.ErasedLabel, row.Actor);
        await using var db = await Db();
        var actor = await db.AuditActors.SingleAsync(a => a.Key == $"user:{staff.UserId}");
        Assert.Equal((null, null), (actor.DisplayName, actor.Email));
        Assert.NotNull(actor.ErasedAt);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.ActorErased && e.Target == $"user:{staff.UserId}"));
        Assert.DoesNotContain((await Queries.PageAsync(Admin, new AuditFilter(Actor: TestAccounts.ThornStaff), 0, 50)).Value!.Rows,
            r => r.Target == "erase-test");
    }

    [Fact]
    public async Task AfterARealisticScenarioNoEntryHoldsAnEmailAPhotoFileNameOrAnAddress()
    {
        var staff = await _bed.ThornStaffAsync();
        var members = _bed.Host.Get<OrganisationMembers>();
        var organisation = staff.OrganisationId!.Value;
        Assert.True((await members.InviteAsync(staff, organisation, "newcomer@thorn.example", Roles.Reviewer)).Succeeded);
        Assert.True((await members.InviteAsync(staff, organisation, "never@thorn.example", Roles.Reviewer)).Succeeded);
        var token = System.Web.HttpUtility.ParseQueryString(new Uri(_bed.Host.Get<Portal.Infrastructure.Messaging.IMailPickup>()
            .LatestLinkTo("newcomer@thorn.example", "/invitations/accept")).Query)["token"]!;
        Assert.True((await members.AcceptAsync(token, "Nina Newcomer", "newcomer-password-1", "198.51.100.23")).Succeeded);
        var gallery = await _bed.GalleryAsync(staff);
        await _bed.UploadAsync(staff, gallery, 1, _ => TestImages.Jpeg(320, 240));
        var rejected = await _bed.Host.Get<Portal.Infrastructure.Galleries.GalleryService>().UploadAsync(staff, gallery, new MemoryStream(TestImages.Gif()), "holiday-lisa.gif");
        Assert.False(rejected.Accepted);
        var submission = await _bed.Host.Get<CaseService>().SubmitAsync(staff, new NewCase("TH-LISA-2026", Purpose.MissingChild, "", [gallery], 10),
            [new ProbeUpload("lisa-at-the-station.jpg", null, () => new MemoryStream(TestImages.Jpeg(320, 240)))]);
        Assert.NotNull(submission.CaseId);
        await using (var db = await Db())
        {
            var open = await db.Invitations.SingleAsync(i => i.Email == "never@thorn.example");
            Assert.True((await members.RevokeInvitationAsync(staff, open.Id)).Succeeded);
        }
        await _bed.Host.Get<PartnerApplications>().SubmitAsync(Applicants.Application("Scenario Org", "applicant@scenario.example"), "192.0.2.44");
        _bed.Host.Get<IAnonymousAudit>().Note(new AnonymousEvent(AuditActions.SignInFailed, "user:unknown", "203.0.113.99",
            "sign-in posts for an account that does not exist", "guess@nowhere.example"));
        await _bed.Host.Get<AnonymousAudit>().FlushAsync();

        await using var check = await Db();
        var entries = await check.AuditEntries.AsNoTracking().ToListAsync();
        Assert.Contains(entries, e => e.Action == AuditActions.InvitationRevoked);
        Assert.Contains(entries, e => e.Action == AuditActions.ImageUploaded);
        Assert.Contains(entries, e => e.Action == AuditActions.CaseSubmitted);
        Assert.Contains(entries, e => e.Action == AuditActions.SignInFailed && e.Actor == "anonymous");
        Assert.All(entries, e =>
        {
            foreach (var text in new[] { e.Actor, e.Details })
            {
                Assert.DoesNotMatch(EmailPattern(), text);
                Assert.DoesNotMatch(FileNamePattern(), text);
                Assert.DoesNotMatch(AddressPattern(), text);
                Assert.DoesNotContain("LISA", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("Nina", text, StringComparison.Ordinal);
            }
        });
        Assert.True((await _bed.Host.Get<IAuditLog>().VerifyAsync()).IsIntact);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\.(jpe?g|png|gif)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FileNamePattern();

    [GeneratedRegex(@"\b\d{1,3}(\.\d{1,3}){3}\b")]
    private static partial Regex AddressPattern();

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _data.Dispose();
    }
}
