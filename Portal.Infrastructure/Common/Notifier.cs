using System.Collections.Concurrent;

namespace Portal.Infrastructure.Common;

/// <summary>
/// Tells open pages that something changed, so they update without a reload. Components subscribe, call
/// back through InvokeAsync, and dispose the subscription when they go.
/// </summary>
/// <remarks>In-process only: pages served by another process see the change on their next read.</remarks>
public sealed class Notifier<TMessage>
{
    private readonly ConcurrentDictionary<Guid, Func<TMessage, Task>> _subscribers = new();

    public IDisposable Subscribe(Func<TMessage, Task> callback)
    {
        var id = Guid.NewGuid();
        _subscribers[id] = callback;
        return new Subscription(() => _subscribers.TryRemove(id, out _));
    }

    public async Task PublishAsync(TMessage message)
    {
        foreach (var callback in _subscribers.Values)
        {
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
