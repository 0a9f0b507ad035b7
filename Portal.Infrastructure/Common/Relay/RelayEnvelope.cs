using System.Text;
using System.Text.Json;

namespace Portal.Infrastructure.Common.Relay;

/// <summary>
/// What travels in one NOTIFY: the message's registered name, the message as JSON, and the sending process, which
/// skips its own (it told its subscribers already).
/// </summary>
public sealed record RelayEnvelope(string Type, string Message, Guid Sender)
{
    /// <summary>The portal's one channel.</summary>
    public const string Channel = "portal_changes";

    /// <summary>PostgreSQL refuses payloads of 8000 bytes or more; a margin below that.</summary>
    public const int MaxPayloadBytes = 7900;

    /// <summary>The payload; a message too large to send becomes its kind's "anything changed", so nothing is dropped silently.</summary>
    public static string Encode(RelayedMessage kind, string messageJson, Guid sender)
    {
        var payload = JsonSerializer.Serialize(new RelayEnvelope(kind.Name, messageJson, sender));
        return Encoding.UTF8.GetByteCount(payload) <= MaxPayloadBytes
            ? payload
            : JsonSerializer.Serialize(new RelayEnvelope(kind.Name, kind.AnythingJson, sender));
    }

    /// <summary>The envelope in a payload, or null for one this portal did not write.</summary>
    public static RelayEnvelope? Decode(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize<RelayEnvelope>(payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
