using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Identity;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Queue;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin;
using static Portal.Tests.Infrastructure.Evaluations.EvaluationSetBuilder;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The queue dashboard lists an evaluation like any other job, with its progress and a link to the run's page, and
/// follows it live: each claim and heartbeat the queue publishes redraws it, without a reload.
/// </summary>
public sealed class QueueDashboardTests : PortalComponentTest, IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path); // no demo data: the evaluation is the only job
        Services.AddSingleton(_host.Get<QueueAdministration>());
        Services.AddSingleton(_host.Get<ReindexProgress>());
        Services.AddSingleton(_host.Get<Notifier<JobsChanged>>());
        Services.AddSingleton(_host.Get<RetentionScheduler>());
        Services.AddSingleton(TimeProvider.System);
        using var scope = _host.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(TestAccounts.AdminEmail);
        SignIn(Principal(admin!.Id, TestAccounts.AdminEmail, Roles.PlatformAdmin));
    }

    [Fact]
    public async Task AnEvaluationShowsWithItsProgressAndALinkToItsRunAndFollowsTheQueueLive()
    {
        var admin = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.AdminEmail);
        var zip = Zip("file,identity\na.jpg,x\n", [("a.jpg", [1, 2, 3])]);
        var run = (await _host.Get<EvaluationUploads>().UploadAsync(admin, "Dashboard set", new MemoryStream(zip), zip.Length)).Value;

        var page = Render<QueueDashboard>();
        page.WaitForAssertion(() => Assert.Equal("Run an evaluation set", page.Find("[data-testid=active-job-link]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Assert.Equal($"/admin/evaluations/{run}", page.Find("[data-testid=active-job-link]").GetAttribute("href"));
        Assert.Equal("0 %", page.Find("[data-testid=active-job-progress]").TextContent.Trim());

        // A worker claims it and reports 40 %: the queue's notifier speaks, the page redraws (its poll is 5 s away).
        var queue = _host.Get<JobQueue>();
        var claimed = await queue.ClaimAsync("dashboard-test", CancellationToken.None);
        Assert.True(await queue.HeartbeatAsync(claimed!, "dashboard-test", 40, CancellationToken.None));
        page.WaitForAssertion(() =>
        {
            Assert.Equal("Running", page.Find("[data-testid=active-job-state]").TextContent.Trim());
            Assert.Equal("40 %", page.Find("[data-testid=active-job-progress]").TextContent.Trim());
        }, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task AReindexShowsPhotosDoneOfTheTotalAndTheVersionsItMovesBetween()
    {
        var page = Render<QueueDashboard>();
        Assert.Empty(page.FindAll("[data-testid=reindex-progress]"));
        await using (var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.FacePipelineStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.ActiveVersion, 1).SetProperty(x => x.TargetVersion, 2).SetProperty(x => x.PhotosDone, 40).SetProperty(x => x.PhotosTotal, 120));

        page = Render<QueueDashboard>();

        var panel = page.Find("[data-testid=reindex-progress]").TextContent;
        Assert.Contains("face pipeline version 2 (from version 1)", panel);
        Assert.Equal("40 of 120 photos", page.Find("[data-testid=reindex-count]").TextContent.Trim());
    }

    [Fact]
    public async Task AFinishedReindexLeavesTheVersionSearchesUseInsteadOfABannerThatVanishes()
    {
        await using (var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.FacePipelineStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.ActiveVersion, 1).SetProperty(x => x.TargetVersion, 2));
        var page = Render<QueueDashboard>();
        Assert.Empty(page.FindAll("[data-testid=pipeline-version]"));

        await using (var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.FacePipelineStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.ActiveVersion, 2).SetProperty(x => x.TargetVersion, (int?)null));
        page = Render<QueueDashboard>();

        Assert.Empty(page.FindAll("[data-testid=reindex-progress]"));
        Assert.Contains("Searches use face pipeline version 2", page.Find("[data-testid=pipeline-version]").TextContent);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeComponentsAsync();
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
