using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Moratoria;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;
using Portal.Infrastructure.Users;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.AcrossFeatures;

/// <summary>
/// The interactive pages bind enums from circuit events, which a modified client can fill with any number: every
/// service that takes an enum, a threshold or an id checks it again, refuses with a message, and stores nothing.
/// </summary>
public sealed class OutOfRangeServiceInputTests(OutOfRangeServiceInputTests.Bed fixture) : IClassFixture<OutOfRangeServiceInputTests.Bed>
{
    /// <summary>One seeded portal for the class: every test here is refused, so none changes what another sees.</summary>
    public sealed class Bed : IAsyncLifetime
    {
        private readonly TempDirectory _data = new();

        public QueueTestBed Queue { get; private set; } = default!;

        public async Task InitializeAsync() => Queue = await QueueTestBed.StartAsync(_data.Path);

        public async Task DisposeAsync()
        {
            await Queue.DisposeAsync();
            _data.Dispose();
        }
    }

    private static readonly Actor Admin = new("admin-id", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);
    private QueueTestBed Bench => fixture.Queue;

    private T Get<T>() where T : notnull => Bench.Host.Get<T>();

    [Theory]
    [InlineData(99, 1)]
    [InlineData(-1, 1)]
    [InlineData(0, 64)]
    [InlineData(0, -1)]
    public async Task AnApplicationWithAnUndefinedSectorOrPurposeIsRefused(int sector, int purposes)
    {
        var application = new PartnerApplication("Tampered Org", (Sector)sector, "Kenya", "https://tampered.example", "A Person",
            new string('m', 60), (Purpose)purposes, DataUseAgreement.CurrentVersion, "lead@tampered.example", Applicants.Password);

        var outcome = await Get<PartnerApplications>().SubmitAsync(application, "192.0.2.1");

        Assert.False(outcome.Succeeded);
        Assert.Contains("list", outcome.Error ?? "");
        await using var db = await DbAsync();
        Assert.False(await db.Organisations.AnyAsync(o => o.Name == "Tampered Org"));
    }

    [Fact]
    public async Task AnOrganisationCannotBeMovedToAnUndefinedStatusOrGrantedAnUndefinedPurpose()
    {
        var administration = Get<OrganisationAdministration>();
        var marinus = await OrganisationAsync("Marinus Analytics");

        var status = await administration.ChangeStatusAsync(Admin, marinus.Id, (OrganisationStatus)42, "tampered");
        var approve = await administration.ApproveAsync(Admin, marinus.Id, Purpose.MissingChild | (Purpose)256, "tampered");

        Assert.False(status.Succeeded);
        Assert.False(approve.Succeeded);
        var after = await OrganisationAsync("Marinus Analytics");
        Assert.Equal(marinus.Status, after.Status);
        Assert.Equal(marinus.History.Count, after.History.Count);
        Assert.Equal(marinus.GrantedPurposes, after.GrantedPurposes);
    }

    [Theory]
    [InlineData(99, 0.6f)]
    [InlineData((int)Sector.LawEnforcement, float.NaN)]
    [InlineData((int)Sector.LawEnforcement, float.PositiveInfinity)]
    public async Task ASectorMinimumForAnUndefinedSectorOrANonNumberIsRefused(int sector, float minimum)
    {
        var outcome = await Get<ThresholdProposals>().ProposeAsync(Admin, (Sector)sector, minimum, "A tampered proposal from a form");

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        await using var db = await DbAsync();
        Assert.False(await db.SectorThresholds.AnyAsync());
        Assert.False(await db.ThresholdProposals.AnyAsync());
    }

    [Fact]
    public async Task AnOwnThresholdThatIsNotANumberIsRefused()
    {
        var staff = await Bench.ThornStaffAsync();

        var outcome = await Get<ThresholdService>().SetOwnAsync(staff, staff.OrganisationId!.Value, float.NaN);

        Assert.False(outcome.Succeeded);
        Assert.Null((await OrganisationAsync("Thorn")).OwnThreshold);
    }

    [Fact]
    public async Task AMoratoriumOnAnUndefinedSectorOrExemptingAnUnknownOrganisationIsRefused()
    {
        var schedule = Get<MoratoriumSchedule>();
        var now = DateTimeOffset.UtcNow;
        MoratoriumDraft Draft(IReadOnlyList<Sector> sectors, IReadOnlyList<MoratoriumExemption> exemptions) =>
            new("Tampered", sectors, exemptions, now.AddDays(1), null, "A statement");

        var badSector = await schedule.CreateAsync(Admin, Draft([(Sector)99], []), "tampered");
        var unknownExemption = await schedule.CreateAsync(Admin,
            Draft([Sector.LawEnforcement], [new MoratoriumExemption { OrganisationId = Guid.NewGuid(), Reason = "tampered" }]), "tampered");

        Assert.False(badSector.Succeeded);
        Assert.Equal("An exempted organisation does not exist.", unknownExemption.Error);
        await using var db = await DbAsync();
        Assert.False(await db.Moratoria.AnyAsync(m => m.Title == "Tampered"));
    }

    [Fact]
    public async Task AnAccountForAnUnknownOrganisationIsRefusedWithAMessageNotAForeignKeyError()
    {
        var users = Get<UserAdministration>();

        var outcome = await users.CreateAsync(Admin,
            new NewUser("ghost@nowhere.example", "Ghost", Applicants.Password, [Roles.Reviewer], Guid.NewGuid()));

        Assert.Equal("That organisation does not exist.", outcome.Error);
        await using var db = await DbAsync();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "ghost@nowhere.example"));
    }

    [Theory]
    [InlineData(64, 10)]
    [InlineData(3, 10)]
    [InlineData(1, -5)]
    [InlineData(1, 0)]
    public async Task ACaseWithAnUndefinedOrCombinedPurposeOrAnImpossibleTopKIsRefused(int purpose, int topK)
    {
        var staff = await Bench.ThornStaffAsync();
        var gallery = await Bench.GalleryAsync(staff, $"Tampered case gallery {purpose} {topK}");
        var photo = TestImages.Jpeg();

        var submission = await Get<CaseService>().SubmitAsync(staff, new NewCase("TAMPERED", (Purpose)purpose, "", [gallery], topK),
            [new ProbeUpload("a.jpg", photo.Length, () => new MemoryStream(photo))]);

        Assert.Null(submission.CaseId);
        Assert.Equal(OutcomeKind.Invalid, submission.Case.Kind);
        Assert.NotNull(submission.Case.Error);
        await using var db = await DbAsync();
        Assert.False(await db.Cases.AnyAsync());
    }

    [Fact]
    public void FiltersWithUndefinedValuesFilterNothingRatherThanEverything()
    {
        Assert.Null(new ReviewQueueFilter(null, (Portal.Domain.Cases.CandidateBand)9).Band);
        Assert.Null(new OrganisationFilter((OrganisationStatus)9, (Sector)9).Status);
        Assert.Null(new OrganisationFilter((OrganisationStatus)9, (Sector)9).Sector);
        Assert.Equal(Sector.Research, new OrganisationFilter(null, Sector.Research).Sector);
    }

    private async Task<Organisation> OrganisationAsync(string name)
    {
        await using var db = await DbAsync();
        return await db.Organisations.AsNoTracking().Include(o => o.History).SingleAsync(o => o.Name == name);
    }

    private Task<PortalDbContext> DbAsync() =>
        Bench.Host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
}
