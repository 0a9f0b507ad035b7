using Portal.Domain.Common;
using Portal.Web.Components;

namespace Portal.Tests.Web.Components;

/// <summary>A bare subclass of the page base, to see what the base gives and when it lets go.</summary>
public sealed class TokenProbe : PortalComponentBase
{
    public CancellationToken Token => Aborted;
    public bool TokenCancelledBeforeOwnCleanUp { get; private set; }
    public int CleanUps { get; private set; }

    public Task<Actor> Actor() => ActorAsync();

    protected override ValueTask DisposeAsyncCore()
    {
        TokenCancelledBeforeOwnCleanUp = Aborted.IsCancellationRequested;
        CleanUps++;
        return ValueTask.CompletedTask;
    }
}
