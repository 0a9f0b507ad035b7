using System.Text.Json.Serialization;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// A move into the trash, or a restore out of it, as the deletion log keeps it for a restore of an older backup to make
/// again: ids and times only. <see cref="TrashedAt"/> and <see cref="TrashedBy"/> (a user id) are the move's, also on a
/// restore (when it had been moved), so the item's grace runs from its original move.
/// </summary>
public sealed record TrashChange(
    [property: JsonConverter(typeof(JsonStringEnumConverter<TrashKind>))] TrashKind Kind,
    Guid Id,
    Guid OrganisationId,
    DateTimeOffset? TrashedAt,
    string? TrashedBy,
    bool Restored);
