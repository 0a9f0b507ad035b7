using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Persistence;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;
using Portal.Domain.Identity;

namespace Portal.Tests.Web.Components;

/// <summary>Dissolving a person template acts at once: the case page asks first, saying what stops and what stays.</summary>
public sealed class DissolveTemplateConfirmationTests : PortalComponentTest, IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private QueueTestBed _bed = null!;
    private Actor _staff = null!;
    private ReviewScenario.SeededCase _case = null!;
    private TemplateView _template = null!;

    public async Task InitializeAsync()
    {
        _bed = await QueueTestBed.StartAsync(_data.Path);
        Services.AddSingleton(_bed.Host.Get<PersonTemplateService>());
        _staff = await _bed.ThornStaffAsync();
        var principal = Principal(_staff.UserId, _staff.Name, Roles.PartnerStaff);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(PortalClaimTypes.OrganisationId, _staff.OrganisationId!.Value.ToString()));
        SignIn(principal);
        _case = await ReviewScenario.SearchedCaseAsync(_bed.Host.Services, _staff, "TH-DISSOLVE-ASK", candidates: 1);
        await using var db = await Db();
        var template = new PersonTemplate
        {
            CaseId = _case.CaseId, OrganisationId = _staff.OrganisationId!.Value, Label = "Family photos", CreatedBy = _staff.UserId, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.PersonTemplates.Add(template);
        await db.SaveChangesAsync();
        _template = new TemplateView(template.Id, template.Label, false, null, null, [], []);
    }

    [Fact]
    public async Task DissolvingAsksFirstSayingWhatHappensAndCancellingKeepsTheTemplate()
    {
        var provider = Render<MudDialogProvider>();
        var page = Render<CaseTemplates>(p => p.Add(c => c.CaseId, _case.CaseId).Add(c => c.Items, [_template]).Add(c => c.Faces, []).Add(c => c.CanMark, true));

        // Not awaited: the click waits for the dialog's answer, which this test gives next.
        page.Find("[data-testid=dissolve-template]").Click();

        provider.WaitForAssertion(() => Assert.Equal(
            "Dissolve Family photos? Its photos stop being searched as one person, and a search still waiting is stopped. " +
            "Candidates it already found stay for review, and the photos stay with the case.", provider.Find("[data-testid=dissolve-confirmation]").TextContent));
        await provider.Find("[data-testid=cancel-dissolve]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=dissolve-confirmation]")));
        Assert.True(await TemplateExistsAsync());
        Assert.Equal(0, await DissolvedAuditsAsync());
    }

    [Fact]
    public async Task ConfirmingDissolvesTheTemplate()
    {
        var provider = Render<MudDialogProvider>();
        var page = Render<CaseTemplates>(p => p.Add(c => c.CaseId, _case.CaseId).Add(c => c.Items, [_template]).Add(c => c.Faces, []).Add(c => c.CanMark, true));

        // Not awaited: the click waits for the dialog's answer, which this test gives next.
        page.Find("[data-testid=dissolve-template]").Click();
        provider.WaitForElement("[data-testid=confirm-dissolve]");
        await provider.Find("[data-testid=confirm-dissolve]").ClickAsync(new());

        await WaitForAsync(async () => !await TemplateExistsAsync());
        Assert.Equal(1, await DissolvedAuditsAsync());
    }

    private async Task<bool> TemplateExistsAsync()
    {
        await using var db = await Db();
        return await db.PersonTemplates.AnyAsync(t => t.Id == _template.Id);
    }

    private async Task<int> DissolvedAuditsAsync()
    {
        await using var db = await Db();
        return await db.AuditEntries.CountAsync(e => e.Action == AuditActions.TemplateDissolved && e.Target == $"template:{_template.Id}");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The template was not dissolved.");
            await Task.Delay(50);
        }
    }

    private Task<PortalDbContext> Db() => _bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _bed.DisposeAsync();
        _data.Dispose();
    }
}
