using Bunit;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Components;

public sealed class FriendlyErrorTests : PortalComponentTest
{
    [Fact]
    public void AFailingPageShowsAFriendlyMessageWithAReferenceInsteadOfAStackTrace()
    {
        var cut = Render<ErrorBoundaryHost>();

        Assert.Contains("This part of the page stopped working", cut.Markup);
        Assert.Contains("Nothing you had already saved is lost", cut.Markup);
        Assert.Matches("reference <strong>[0-9a-f]{8}</strong>", cut.Markup);
        Assert.DoesNotContain("database exploded", cut.Markup);
    }
}
