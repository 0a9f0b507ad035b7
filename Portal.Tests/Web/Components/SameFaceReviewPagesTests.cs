using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Identity;
using Portal.Domain.Review;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Review;
using System.Security.Claims;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The review queue and review screen on a real database: a gallery face's findings in one case sit together in the queue,
/// each saying so, and the screen of one lists the others as links to their own screens.
/// </summary>
public sealed class SameFaceReviewPagesTests : PortalComponentTest, IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        foreach (var service in new[] { typeof(ReviewQueries), typeof(ReviewService), typeof(Notifier<ReviewsChanged>), typeof(MoratoriumGate), typeof(Notifier<ScheduleChanged>),
                     typeof(Notifier<StandingChanged>), typeof(TimeProvider) })
            Services.AddSingleton(service, _host.Services.GetRequiredService(service));
        var reviewer = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornReviewer);
        var principal = Principal(reviewer.UserId, reviewer.Name, Roles.Reviewer);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(PortalClaimTypes.OrganisationId, reviewer.OrganisationId!.Value.ToString()));
        SignIn(principal);
    }

    [Fact]
    public async Task TheRowsOfOneGalleryFaceSitTogetherAndEachSaysWhatElseFoundIt()
    {
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        var icmec = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff);
        var seeded = await SameFaceScenario.SeedAsync(_host.Services, staff, icmec.OrganisationId!.Value);

        var page = Render<ReviewQueue>();

        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=queue-probe]").Count >= seeded.QueueOrder.Count), TimeSpan.FromSeconds(30));
        var rows = page.FindAll("[data-testid=review-queue] tbody tr").Take(seeded.QueueOrder.Count).ToList();
        Assert.Equal(["probe.jpg, face 1, #1", "obama1.jpg, face 1, #1", "Template Family photos (2 photos), #1", "probe.jpg, face 1, #2", "probe.jpg, face 1, #1"],
            rows.Select(r => r.QuerySelector("[data-testid=queue-probe]")!.TextContent.Trim()));
        Assert.Equal(["SAME-FACE", "SAME-FACE", "SAME-FACE", "SAME-FACE", "OTHER-CASE"], rows.Select(r => r.Children[1].TextContent.Trim()));
        // Each finding opens from the keyboard too: its name is a link to its own review screen.
        Assert.Equal(seeded.QueueOrder.Select(id => $"review/{id}"), rows.Select(r => r.QuerySelector("a[data-testid=queue-probe]")?.GetAttribute("href")));
        Assert.Equal(
        [
            "Same gallery face also found by 1 other probe face and 1 other template in this case",
            "Same gallery face also found by 1 other probe face and 1 other template in this case",
            "Same gallery face also found by 2 other probe faces in this case",
            null,
            null,
        ], rows.Select(r => r.QuerySelector("[data-testid=queue-also-found]")?.TextContent.Trim()));
    }

    [Fact]
    public async Task EachRowNamesItsGalleryPhotoSoTwoGroupsTellApartAndEveryCellKeepsItsLabelOnASmallScreen()
    {
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        var icmec = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff);
        var seeded = await SameFaceScenario.SeedAsync(_host.Services, staff, icmec.OrganisationId!.Value);

        var page = Render<ReviewQueue>();

        page.WaitForAssertion(() => Assert.True(page.FindAll("[data-testid=queue-probe]").Count >= seeded.QueueOrder.Count), TimeSpan.FromSeconds(30));
        var rows = page.FindAll("[data-testid=review-queue] tbody tr").Take(seeded.QueueOrder.Count).ToList();
        // The first photo's two faces are two groups from one gallery: the gallery photo's name (as the review screen shows it)
        // tells them apart; the three findings of one face name the same photo.
        Assert.Equal(["SAME-FACE gallery · photo1.jpg", "SAME-FACE gallery · photo1.jpg", "SAME-FACE gallery · photo1.jpg", "SAME-FACE gallery · photo2.jpg",
            "OTHER-CASE gallery · photo1.jpg"], rows.Select(r => r.QuerySelector("[data-testid=queue-gallery]")!.TextContent.Trim()));
        // At 320 px MudTable stacks each cell under its column's name (data-label): no cell may lose it.
        var headers = page.FindAll("[data-testid=review-queue] thead th").Select(th => th.TextContent.Trim()).ToList();
        Assert.All(rows, row => Assert.Equal(headers, row.QuerySelectorAll("td").Select(td => td.GetAttribute("data-label"))));
    }

    [Fact]
    public async Task TheReviewScreenOfOneFindingListsTheOthersAsLinksToTheirOwnScreens()
    {
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        var icmec = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff);
        var seeded = await SameFaceScenario.SeedAsync(_host.Services, staff, icmec.OrganisationId!.Value);

        // Opened from the queue filtered to the case: each link keeps that filter.
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("case", seeded.CaseId.ToString()));
        var screen = Render<ReviewScreen>(p => p.Add(c => c.Id, seeded.ByTemplate));

        screen.WaitForAssertion(() => Assert.NotNull(screen.Find("[data-testid=same-face]")), TimeSpan.FromSeconds(30));
        Assert.Equal([$"review/{seeded.ByFirstPhoto}?case={seeded.CaseId}", $"review/{seeded.BySecondPhoto}?case={seeded.CaseId}"],
            screen.FindAll("[data-testid=same-face-link]").Select(a => a.GetAttribute("href")));
        Assert.Equal(["probe.jpg, face 1, #1", "obama1.jpg, face 1, #1"], screen.FindAll("[data-testid=same-face-link]").Select(a => a.TextContent.Trim()));
        Assert.DoesNotContain(seeded.Foreign.ToString(), screen.Markup);
    }

    [Fact]
    public async Task TheScreenOfACandidateAwaitingThisReviewersSecondLookSaysAClosedFindingWasDecidedButNotHow()
    {
        var staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        var icmec = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.IcmecStaff);
        var seeded = await SameFaceScenario.SeedAsync(_host.Services, staff, icmec.OrganisationId!.Value);
        var signedIn = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornReviewer);
        var colleague = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornSecondReviewer);
        var reviews = _host.Services.GetRequiredService<ReviewService>();
        // The first photo's finding is a confirmed lead; the second photo's has the colleague's confirm and waits for this reviewer.
        Assert.True((await reviews.DecideAsync(signedIn, seeded.ByFirstPhoto, ReviewVerdict.Confirm, "Same scar.")).Succeeded);
        Assert.True((await reviews.DecideAsync(colleague, seeded.ByFirstPhoto, ReviewVerdict.Confirm, "Same scar and ear.")).Succeeded);
        Assert.True((await reviews.DecideAsync(colleague, seeded.BySecondPhoto, ReviewVerdict.Confirm, "Same hairline.")).Succeeded);

        var screen = Render<ReviewScreen>(p => p.Add(c => c.Id, seeded.BySecondPhoto));

        screen.WaitForAssertion(() => Assert.NotNull(screen.Find("[data-testid=same-face]")), TimeSpan.FromSeconds(30));
        var closed = screen.FindAll("[data-testid=same-face-finding]").Single(f => f.GetAttribute("data-candidate") == seeded.ByFirstPhoto.ToString());
        Assert.Equal("Decided (shown after your decision)", closed.QuerySelector("[data-testid=review-state]")!.TextContent.Trim());
        Assert.DoesNotContain("Confirmed", screen.Find("[data-testid=same-face]").TextContent, StringComparison.OrdinalIgnoreCase);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
