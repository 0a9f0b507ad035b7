using Portal.Infrastructure.Common;

namespace Portal.Web.Components.Shared;

/// <summary>A notifier a live page listens to, with an optional filter on its messages.</summary>
public sealed record LiveTopic(Func<Func<Task>, IDisposable> Subscribe)
{
    public static LiveTopic Of<TMessage>(Notifier<TMessage> notifier, Func<TMessage, bool>? when = null) =>
        new(refresh => notifier.Subscribe(_ => refresh(), when));
}
