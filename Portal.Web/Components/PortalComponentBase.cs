using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Common;
using Portal.Web.Identity;

namespace Portal.Web.Components;

/// <summary>
/// The base of every interactive page, dialog and part that acts for the signed-in person: it gives the actor the
/// services check, and a token that is cancelled when the component goes, so work for a closed page stops.
/// </summary>
/// <remarks>
/// The rule: every read from a service (loads, lists, previews) takes <see cref="Aborted"/>; every command the person
/// already asked for (record a decision, approve, suspend, save, retry, share...) takes <c>CancellationToken.None</c>,
/// because closing the page must not stop a write half-way.
/// </remarks>
public abstract class PortalComponentBase : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _aborted = new();
    private bool _disposed;

    [CascadingParameter] protected Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>Cancelled when the component is disposed (the page closed, the circuit ended).</summary>
    /// <remarks>Kept apart from the source: a token stays readable after its source is disposed.</remarks>
    protected CancellationToken Aborted { get; }

    protected PortalComponentBase() => Aborted = _aborted.Token;

    /// <summary>The first refused read of this page, for an <c>OutcomeMessage</c> to show; null while every read succeeded.</summary>
    protected Outcome? Refusal { get; private set; }

    /// <summary>
    /// The value of a read, or <paramref name="fallback"/> when the service refused it; the refusal is kept in
    /// <see cref="Refusal"/> so the page says why instead of showing an empty list as if there were nothing.
    /// </summary>
    protected T Read<T>(Outcome<T> outcome, T fallback)
    {
        if (outcome.Succeeded)
            return outcome.Value!;
        Refusal ??= outcome.WithoutValue();
        return fallback;
    }

    /// <summary>The signed-in person as services and the audit log see them; the one place components ask.</summary>
    protected async Task<Actor> ActorAsync() => (await AuthenticationState).User.ToActor();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        await _aborted.CancelAsync();
        try
        {
            await DisposeAsyncCore();
        }
        finally
        {
            _aborted.Dispose();
            GC.SuppressFinalize(this);
        }
    }

    /// <summary>A subclass's own clean-up (subscriptions, JS listeners); runs after the token is cancelled.</summary>
    protected virtual ValueTask DisposeAsyncCore() => ValueTask.CompletedTask;
}
