using Portal.Domain.Identity;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Components;

/// <summary>Issue 14: one base gives every interactive page the actor and a token that ends with the page.</summary>
public sealed class PortalComponentBaseTests : PortalComponentTest
{
    public PortalComponentBaseTests() => SignIn(Principal("user-1", "reviewer@example.org", Roles.Reviewer));

    [Fact]
    public async Task TheTokenIsCancelledWhenTheComponentIsDisposed()
    {
        var probe = Render<TokenProbe>().Instance;
        var token = probe.Token;
        Assert.False(token.IsCancellationRequested);

        await DisposeComponentsAsync();

        Assert.True(token.IsCancellationRequested);
        Assert.True(probe.Token.IsCancellationRequested); // still readable after its source is disposed
    }

    [Fact]
    public async Task ASubclassCleansUpOnceAfterTheTokenIsCancelled()
    {
        var probe = Render<TokenProbe>().Instance;

        await DisposeComponentsAsync();
        await probe.DisposeAsync();

        Assert.True(probe.TokenCancelledBeforeOwnCleanUp);
        Assert.Equal(1, probe.CleanUps);
    }

    [Fact]
    public async Task TheActorIsTheSignedInPerson()
    {
        var actor = await Render<TokenProbe>().Instance.Actor();

        Assert.Equal("user-1", actor.UserId);
        Assert.Equal("reviewer@example.org", actor.Name);
        Assert.False(actor.IsPlatformAdmin);
    }
}
