using Microsoft.AspNetCore.Components.Routing;
using Portal.Web.Components.Layout;

namespace Portal.Tests.Web.Components;

/// <summary>One page lights one link: a link with another link below it matches only its own page.</summary>
public sealed class NavigationItemsTests
{
    [Theory]
    [InlineData("/organisation", NavLinkMatch.All)]
    [InlineData("/organisation/trash", NavLinkMatch.Prefix)]
    [InlineData("/cases", NavLinkMatch.Prefix)]
    public void ALinkWithAnotherLinkBelowItMatchesOnlyItsOwnPage(string href, NavLinkMatch expected)
    {
        Assert.Equal(expected, NavigationItems.MatchOf(NavigationItems.All.First(i => i.Href == href)));
    }
}
