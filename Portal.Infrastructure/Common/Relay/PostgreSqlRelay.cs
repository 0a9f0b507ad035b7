using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Common.Relay;

/// <summary>
/// Sends each relayed message as a NOTIFY on the portal channel. Publishers publish after their change committed, so
/// a listener that re-reads on the message sees the change.
/// </summary>
public sealed class PostgreSqlRelay(IOptions<DatabaseOptions> database, RelayProcess process, ILogger<PostgreSqlRelay> logger)
    : INotifierRelay
{
    public async Task SendAsync<TMessage>(TMessage message, CancellationToken cancellationToken = default)
    {
        if (RelayedMessages.For(typeof(TMessage)) is not { } kind)
            return;
        var payload = RelayEnvelope.Encode(kind, JsonSerializer.Serialize(message), process.Id);
        try
        {
            await using var connection = new NpgsqlConnection(database.Value.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
            command.Parameters.AddWithValue("channel", RelayEnvelope.Channel);
            command.Parameters.AddWithValue("payload", payload);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The change itself committed; other processes' pages see it at their next poll.
            logger.LogWarning(exception, "Could not tell other processes about {Message}; their pages will see it when they poll", kind.Name);
        }
    }
}
