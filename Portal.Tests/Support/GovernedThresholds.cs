using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Cases;

namespace Portal.Tests.Support;

/// <summary>Changes a threshold the only way there is: one platform admin proposes, a different one confirms.</summary>
public static class GovernedThresholds
{
    /// <summary>A second platform admin, for confirming; the id need not be an account's (the audit records the name's key).</summary>
    public static readonly Actor OtherAdmin = new("other-admin-id", "other-admin@reunite.example", null, IsPlatformAdmin: true);

    public static readonly Actor Proposer = new("proposing-admin-id", "proposing-admin@reunite.example", null, IsPlatformAdmin: true);

    /// <summary>Sets the default (<paramref name="sector"/> null) or a sector minimum; fails the test when either step is refused.</summary>
    public static async Task SetAsync(IServiceProvider services, Sector? sector, float value, CancellationToken cancellationToken = default)
    {
        var proposals = services.GetRequiredService<ThresholdProposals>();
        var proposed = await proposals.ProposeAsync(Proposer, sector, value, "Set by a test, through both admins", cancellationToken);
        Assert.True(proposed.Succeeded, proposed.Error);
        var confirmed = await proposals.ConfirmAsync(OtherAdmin, proposed.Value, cancellationToken);
        Assert.True(confirmed.Succeeded, confirmed.Error);
    }
}
