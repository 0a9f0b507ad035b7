using System.Collections.Concurrent;
using Portal.Infrastructure.Common.Relay;

namespace Portal.Infrastructure.Common;

/// <summary>
/// Tells open pages that something changed, so they update without a reload. Components subscribe, call
/// back through InvokeAsync, and dispose the subscription when they go.
/// </summary>
/// <remarks>
/// A message published here reaches this process's subscribers and is handed to the relay: on PostgreSQL it reaches
/// the other processes' notifiers through NOTIFY (<see cref="PostgreSqlRelayListener"/>); on SQLite it stays here and
/// pages served by another process see the change at their next poll.
/// </remarks>
public sealed class Notifier<TMessage>
{
    private readonly ConcurrentDictionary<Guid, (Func<TMessage, Task> Callback, Func<TMessage, bool>? When)> _subscribers = new();
    private readonly INotifierRelay _relay;

    public Notifier(INotifierRelay relay) => _relay = relay;

    /// <summary>A notifier that only tells this process (component tests).</summary>
    public Notifier() : this(LocalOnlyRelay.Instance) { }

    /// <summary>
    /// Subscribes; <paramref name="when"/> filters ordinary messages, but not a catch-up after the relay lost messages,
    /// which every subscriber hears (it cannot know whether what it missed concerned it).
    /// </summary>
    public IDisposable Subscribe(Func<TMessage, Task> callback, Func<TMessage, bool>? when = null)
    {
        var id = Guid.NewGuid();
        _subscribers[id] = (callback, when);
        return new Subscription(() => _subscribers.TryRemove(id, out _));
    }

    /// <summary>Tells this process's subscribers, then the other processes (after the change committed).</summary>
    public async Task PublishAsync(TMessage message)
    {
        await DeliverLocallyAsync(message);
        await _relay.SendAsync(message);
    }

    /// <summary>A message another process published: told here only, never relayed back.</summary>
    internal Task DeliverLocallyAsync(TMessage message) => TellAsync(message, filtered: true);

    /// <summary>Messages may have been lost (the relay was disconnected): every subscriber re-reads.</summary>
    internal Task CatchUpAsync(TMessage anything) => TellAsync(anything, filtered: false);

    private async Task TellAsync(TMessage message, bool filtered)
    {
        foreach (var (callback, when) in _subscribers.Values)
        {
            if (filtered && when is not null && !when(message))
                continue;
            try
            {
                await callback(message);
            }
            catch (ObjectDisposedException)
            {
                // A page closed between our snapshot and the call; nothing to tell it.
            }
        }
    }

    private sealed class Subscription(Action unsubscribe) : IDisposable
    {
        public void Dispose() => unsubscribe();
    }
}
