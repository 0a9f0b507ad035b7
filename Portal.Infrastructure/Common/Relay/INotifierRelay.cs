namespace Portal.Infrastructure.Common.Relay;

/// <summary>Carries a published message to the other processes on the same database, where the provider can.</summary>
public interface INotifierRelay
{
    /// <summary>Sends the message on; never throws (polling is the fallback when it cannot).</summary>
    Task SendAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default);
}

/// <summary>SQLite: one machine, no channel between processes; pages of other processes poll.</summary>
public sealed class LocalOnlyRelay : INotifierRelay
{
    public static LocalOnlyRelay Instance { get; } = new();

    private LocalOnlyRelay() { }

    public Task SendAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
