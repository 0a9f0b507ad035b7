using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Identity;
using Portal.Infrastructure.Lifecycle.Holds;
using Portal.Infrastructure.Lifecycle.Subjects;
using Portal.Infrastructure.Moratoria;
using Portal.Infrastructure.Organisations;
using Portal.Infrastructure.Queue;
using Portal.Infrastructure.Retention;
using Portal.Infrastructure.Review;
using Portal.Infrastructure.Users;

namespace Portal.Infrastructure.Common.Relay;

/// <summary>
/// The one list of notifier messages that cross processes, each with the message that stands for "anything of this
/// kind may have changed": sent after the relay lost messages, and instead of a message too large for NOTIFY.
/// </summary>
public static class RelayedMessages
{
    public static IReadOnlyList<RelayedMessage> All { get; } =
    [
        RelayedMessage.Of(new JobsChanged(null)),
        RelayedMessage.Of(new ReviewsChanged(null)),
        // The schedule is cached per process: forgotten before the pages that re-read it hear of the change.
        RelayedMessage.Of(new ScheduleChanged(Guid.Empty), services => services.GetRequiredService<MoratoriumSchedule>().Invalidate()),
        RelayedMessage.Of(new StandingChanged(Guid.Empty)),
        RelayedMessage.Of(SessionsEnded.Everyone),
        RelayedMessage.Of(new GalleriesChanged(Guid.Empty)),
        RelayedMessage.Of(new SubjectRequestsChanged(Guid.Empty)),
        RelayedMessage.Of(new ThresholdsChanged(Guid.Empty)),
        RelayedMessage.Of(new AdminGrantsChanged(Guid.Empty)),
        RelayedMessage.Of(new HoldsChanged(Guid.Empty)),
        RelayedMessage.Of(new RetentionChanged(null)),
        // A committed face change wakes every process's index replica at once instead of at its next poll.
        RelayedMessage.Of(new FacesChanged(), services => services.GetRequiredService<FaceIndexReplicaService>().Wake()),
    ];

    private static readonly Dictionary<string, RelayedMessage> ByName = All.ToDictionary(m => m.Name);
    private static readonly Dictionary<Type, RelayedMessage> ByType = All.ToDictionary(m => m.Type);

    public static RelayedMessage? Named(string name) => ByName.GetValueOrDefault(name);

    public static RelayedMessage? For(Type type) => ByType.GetValueOrDefault(type);
}

/// <summary>One relayed message type: its wire name, its "anything changed" message, and delivery to its local notifier.</summary>
public sealed record RelayedMessage(string Name, Type Type, string AnythingJson,
    Func<IServiceProvider, string, Task> DeliverLocally, Func<IServiceProvider, Task> CatchUp)
{
    /// <param name="beforeDelivery">What this process must forget before its subscribers re-read (a cache).</param>
    public static RelayedMessage Of<TMessage>(TMessage anything, Action<IServiceProvider>? beforeDelivery = null) where TMessage : notnull => new(
        typeof(TMessage).Name, typeof(TMessage), JsonSerializer.Serialize(anything),
        (services, json) =>
        {
            beforeDelivery?.Invoke(services);
            return services.GetRequiredService<Notifier<TMessage>>().DeliverLocallyAsync(JsonSerializer.Deserialize<TMessage>(json) ?? anything);
        },
        services =>
        {
            beforeDelivery?.Invoke(services);
            return services.GetRequiredService<Notifier<TMessage>>().CatchUpAsync(anything);
        });
}
