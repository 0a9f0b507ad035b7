using System.Text.RegularExpressions;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// The prerendered page's photo picker is disabled: photos chosen before the page is live would be lost without a
/// word (the browser tests then enable it from its first interactive render on).
/// </summary>
public sealed partial class UploadPickerPrerenderTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task ThePrerenderedPhotoPickerOfANewCaseIsDisabled()
    {
        using var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(TestAccounts.ThornStaff, TestAccounts.DemoPassword);

        var page = await client.GetStringAsync("/cases/new");

        var input = PhotoInput().Match(page);
        Assert.True(input.Success, "the new-case page has no photo picker");
        Assert.Contains(" disabled", input.Value, StringComparison.Ordinal);
    }

    [GeneratedRegex("<input[^>]*id=\"photo-input\"[^>]*>")]
    private static partial Regex PhotoInput();
}
