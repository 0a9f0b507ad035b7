using Portal.Domain.Common;
using Bunit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Organisations;
using Portal.Tests.Support;
using Portal.Web.Components.Admin.Partners;

namespace Portal.Tests.Web.Components;

/// <summary>The vetting dialogs, over a real database so a valid decision really lands.</summary>
public sealed class ApprovalDialogTests : PortalComponentTest, IAsyncLifetime
{
    private static readonly Actor PlatformAdmin = new("admin", TestAccounts.AdminEmail, null, IsPlatformAdmin: true);

    private readonly TempDirectory _data = new();
    private InfrastructureHost _host = default!;
    private OrganisationDetails _applicant = default!;

    public async Task InitializeAsync()
    {
        _host = await InfrastructureHost.StartAsync(_data.Path, seedDemoData: true);
        var applications = _host.Get<PartnerApplications>();
        await applications.SubmitAsync(Applicants.Application("Dialog Org", "lead@dialog.example",
            purposes: Purpose.MissingChild | Purpose.DisasterReunification), "test");
        var administration = _host.Get<OrganisationAdministration>();
        Services.AddSingleton(administration);
        using var scope = _host.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByEmailAsync(TestAccounts.AdminEmail);
        SignIn(Principal(admin!.Id, TestAccounts.AdminEmail, Roles.PlatformAdmin));
        var id = await OrganisationIdAsync("Dialog Org");
        await administration.ChangeStatusAsync(new(admin.Id, TestAccounts.AdminEmail, null, true), id, OrganisationStatus.UnderReview, "checking");
        _applicant = (await administration.GetAsync(PlatformAdmin, id)).Value!;
    }

    [Fact]
    public async Task ApprovalNeedsAPurposeAndAReason()
    {
        var provider = Render<MudDialogProvider>();
        await ShowAsync<ApproveDialog>(new DialogParameters<ApproveDialog> { { d => d.Details, _applicant } });

        await provider.Find("[data-testid=confirm]").ClickAsync(new());

        provider.WaitForAssertion(() =>
        {
            Assert.Contains("Grant at least one purpose.", provider.Find("[data-testid=purpose-error]").TextContent);
            Assert.Contains("Give a reason", provider.Markup);
        });
        Assert.Equal(OrganisationStatus.UnderReview, (await _host.Get<OrganisationAdministration>().GetAsync(PlatformAdmin, _applicant.Id)).Value!.Status);
    }

    [Fact]
    public async Task OnlyRequestedPurposesAreOffered()
    {
        var provider = Render<MudDialogProvider>();
        await ShowAsync<ApproveDialog>(new DialogParameters<ApproveDialog> { { d => d.Details, _applicant } });

        Assert.Equal(2, provider.FindAll("[data-testid^=grant-]").Count);
        Assert.Empty(provider.FindAll("[data-testid=grant-TraffickingVictim]"));
    }

    [Fact]
    public async Task AValidApprovalLandsWithTheGrantedPurpose()
    {
        var provider = Render<MudDialogProvider>();
        await ShowAsync<ApproveDialog>(new DialogParameters<ApproveDialog> { { d => d.Details, _applicant } });

        await provider.Find("input[data-testid=grant-DisasterReunification]").ChangeAsync(new() { Value = true });
        await provider.Find("textarea[data-testid=reason]").ChangeAsync(new() { Value = "vetted references" });
        await provider.Find("[data-testid=confirm]").ClickAsync(new());

        await WaitForStatusAsync(OrganisationStatus.Approved);
        Assert.Equal(Purpose.DisasterReunification, (await _host.Get<OrganisationAdministration>().GetAsync(PlatformAdmin, _applicant.Id)).Value!.GrantedPurposes);
    }

    [Fact]
    public async Task RejectionNeedsAReason()
    {
        var provider = Render<MudDialogProvider>();
        await ShowAsync<StatusChangeDialog>(new DialogParameters<StatusChangeDialog>
        {
            { d => d.Details, _applicant }, { d => d.Target, OrganisationStatus.Rejected },
        });

        await provider.Find("[data-testid=confirm]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Give a reason", provider.Markup));
        Assert.Equal(OrganisationStatus.UnderReview, (await _host.Get<OrganisationAdministration>().GetAsync(PlatformAdmin, _applicant.Id)).Value!.Status);
    }

    [Fact]
    public async Task TheSuspensionDialogSaysSharedGalleriesAreWithheldAndWorkIsHeld()
    {
        var provider = Render<MudDialogProvider>();
        await ShowAsync<StatusChangeDialog>(new DialogParameters<StatusChangeDialog>
        {
            { d => d.Details, _applicant }, { d => d.Target, OrganisationStatus.Suspended },
        });

        provider.WaitForAssertion(() => Assert.Contains("withheld from their searches", provider.Markup));
        Assert.Contains("Queued and running work is held", provider.Markup);
    }

    private Task ShowAsync<TDialog>(DialogParameters<TDialog> parameters) where TDialog : Microsoft.AspNetCore.Components.IComponent =>
        Renderer.Dispatcher.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<TDialog>("test", parameters));

    private async Task WaitForStatusAsync(OrganisationStatus status)
    {
        for (var i = 0; i < 50 && (await _host.Get<OrganisationAdministration>().GetAsync(PlatformAdmin, _applicant.Id)).Value!.Status != status; i++)
            await Task.Delay(100);
        Assert.Equal(status, (await _host.Get<OrganisationAdministration>().GetAsync(PlatformAdmin, _applicant.Id)).Value!.Status);
    }

    private async Task<Guid> OrganisationIdAsync(string name)
    {
        await using var db = await _host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Infrastructure.Persistence.PortalDbContext>>().CreateDbContextAsync();
        return db.Organisations.Single(o => o.Name == name).Id;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
