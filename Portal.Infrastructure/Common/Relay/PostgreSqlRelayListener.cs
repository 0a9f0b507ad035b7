using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Common.Relay;

/// <summary>
/// Holds one dedicated connection with LISTEN on the portal channel and re-publishes other processes' messages to
/// this process's notifiers, in the order they arrive. A dropped connection is reopened with a growing wait; what
/// was sent meanwhile is lost, so every notifier then tells its subscribers to re-read once. Does nothing on SQLite.
/// </summary>
public sealed class PostgreSqlRelayListener(
    IServiceProvider services,
    IOptions<DatabaseOptions> database,
    IOptions<RelayOptions> options,
    RelayProcess process,
    TimeProvider time,
    ILogger<PostgreSqlRelayListener> logger) : BackgroundService
{
    // Null stands for "catch up": queued behind what arrived before it, so it comes after older messages.
    private readonly Channel<string?> _inbox = Channel.CreateUnbounded<string?>(new UnboundedChannelOptions { SingleReader = true });
    private volatile int _connections;
    private volatile bool _listening;

    /// <summary>How many times the listener has started listening (tests watch it reconnect).</summary>
    internal int Connections => _connections;

    internal bool IsListening => _listening;

    /// <summary>The server process of the listening connection, if any.</summary>
    internal int? ServerProcessId { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Value.Provider != DatabaseProvider.PostgreSQL)
            return;
        var delivery = DeliverAsync();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(caughtUp: failures == 0, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                _listening = false;
                failures++;
                logger.LogWarning(exception, "The change listener lost its connection (failure {Failures}); reconnecting", failures);
                if (!await WaitBeforeRetryAsync(failures, stoppingToken))
                    break;
            }
        }
        _listening = false;
        _inbox.Writer.TryComplete();
        await delivery;
    }

    private async Task ListenAsync(bool caughtUp, CancellationToken stoppingToken)
    {
        await using var connection = new NpgsqlConnection(ListenerConnectionString());
        connection.Notification += (_, notification) => _inbox.Writer.TryWrite(notification.Payload);
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {RelayEnvelope.Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        ServerProcessId = connection.ProcessID;
        if (!caughtUp)
            _inbox.Writer.TryWrite(null);
        _connections++;
        _listening = true;
        while (true)
            await connection.WaitAsync(stoppingToken);
    }

    /// <summary>Its own server connection, outside the pool, that notices a silently dropped network within a minute.</summary>
    private string ListenerConnectionString() => new NpgsqlConnectionStringBuilder(database.Value.ConnectionString)
    {
        Pooling = false,
        KeepAlive = 30,
    }.ConnectionString;

    private async Task<bool> WaitBeforeRetryAsync(int failures, CancellationToken stoppingToken)
    {
        var relay = options.Value;
        var delay = TimeSpan.FromTicks(Math.Min(relay.MaxReconnectDelay.Ticks,
            relay.ReconnectDelay.Ticks * (1L << Math.Min(failures - 1, 20))));
        try
        {
            await Task.Delay(delay, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task DeliverAsync()
    {
        await foreach (var payload in _inbox.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await DeliverOneAsync(payload);
            }
            catch (Exception exception)
            {
                // One subscriber's failure must not stop the relay for every page of this process.
                logger.LogError(exception, "A relayed change could not be delivered to this process's pages");
            }
        }
    }

    private async Task DeliverOneAsync(string? payload)
    {
        if (payload is null)
        {
            foreach (var kind in RelayedMessages.All)
                await kind.CatchUp(services);
            return;
        }
        if (RelayEnvelope.Decode(payload) is not { } envelope || envelope.Sender == process.Id)
            return;
        if (RelayedMessages.Named(envelope.Type) is { } known)
            await known.DeliverLocally(services, envelope.Message);
    }
}
