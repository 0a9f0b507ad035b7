using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Cases;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>A refused outcome reaches a download as the status code of its kind, through the real host.</summary>
public sealed class OutcomeResultsTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    [Fact]
    public async Task AnotherOrganisationsLeadsAreNotFoundAsIfTheCaseDidNotExist()
    {
        var thornCase = await CaseOfAsync(TestAccounts.ThornStaff);
        using var other = _factory.CreateBrowserLikeClient();
        await other.SignInAsync(TestAccounts.IcmecStaff, TestAccounts.DemoPassword);

        var foreign = await other.GetAsync($"/cases/{thornCase}/leads/csv");
        var missing = await other.GetAsync($"/cases/{Guid.NewGuid()}/leads/csv");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnOrganisationBlockedByAMoratoriumIsForbiddenItsLeadsWithTheSentenceThatSaysWhy()
    {
        var policeCase = await CaseOfAsync(TestAccounts.PoliceStaff);
        using var police = _factory.CreateBrowserLikeClient();
        await police.SignInAsync(TestAccounts.PoliceStaff, TestAccounts.DemoPassword);

        var refused = await police.GetAsync($"/cases/{policeCase}/leads/csv");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("blocked by", await refused.Content.ReadAsStringAsync());
    }

    /// <summary>A case of the account's organisation, stored directly: the download needs no search to have run.</summary>
    private async Task<Guid> CaseOfAsync(string email)
    {
        using var scope = _factory.Services.CreateScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(email))!;
        var searchCase = new SearchCase { OrganisationId = user.OrganisationId!.Value, Reference = "OUTCOME-1", CreatedBy = user.Id };
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.Cases.Add(searchCase);
        await db.SaveChangesAsync();
        return searchCase.Id;
    }

    public void Dispose() => _factory.Dispose();
}
