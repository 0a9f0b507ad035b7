using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>A live case page asks for results on every refresh; the query audits a view once per change of what is shown.</summary>
public sealed class ResultsViewAuditTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private Actor _staff = default!;
    private ReviewScenario.SeededCase _case = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        _staff = await ReviewScenario.ActorAsync(_host.Services, TestAccounts.ThornStaff);
        _case = await ReviewScenario.SearchedCaseAsync(_host.Services, _staff, "TH-VIEWS", candidates: 2);
    }

    [Fact]
    public async Task ARefreshShowingTheSameResultsIsNotAuditedAgainButChangedResultsAre()
    {
        var queries = _host.Get<CaseQueries>();
        var seen = new ResultsSeen();

        Assert.True((await queries.ResultsAsync(_staff, _case.CaseId, seen)).Succeeded);
        Assert.True((await queries.ResultsAsync(_staff, _case.CaseId, seen)).Succeeded);
        Assert.Equal(1, await ViewsAsync());

        await using (var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.Candidates.Where(c => c.Id == _case.Candidates[0]).ExecuteDeleteAsync();
        var changed = await queries.ResultsAsync(_staff, _case.CaseId, seen);

        Assert.Single(changed.Value!.Single().Candidates);
        Assert.Equal(2, await ViewsAsync());
        await queries.ResultsAsync(_staff, _case.CaseId, new ResultsSeen());
        Assert.Equal(3, await ViewsAsync()); // another page's first view is its own
    }

    private async Task<int> ViewsAsync()
    {
        await using var db = await _host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ResultsViewed && e.Target == $"case:{_case.CaseId}");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
