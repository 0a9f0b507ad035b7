using Microsoft.AspNetCore.Hosting;
using Portal.Tests.Support;

namespace Portal.Tests.Web.Integration;

/// <summary>
/// The real host's container is complete and never hands a scoped service to a singleton: a missing or
/// captive registration fails here, at build, not on the first request that happens to need it.
/// </summary>
public sealed class ContainerValidationTests
{
    [Fact]
    public async Task ThePortalsContainerValidatesEveryRegistrationAndItsScopes()
    {
        await using var factory = new PortalFactory();
        using var validating = factory.WithWebHostBuilder(builder => builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateOnBuild = true;
            options.ValidateScopes = true;
        }));

        using var client = validating.CreateClient();
        var response = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.True(response.IsSuccessStatusCode, $"/health answered {(int)response.StatusCode}");
    }
}
