using System.Reflection;
using Microsoft.AspNetCore.Components;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Common.Relay;

namespace Portal.Tests.Infrastructure.Common;

/// <summary>
/// Every notifier a service publishes on or a page listens to crosses processes: a message left off the relay's list
/// reaches only the process it was published in, so a page on another process would wait for its poll (legal holds
/// and retention did, until this test).
/// </summary>
public sealed class RelayedMessagesTests
{
    [Fact]
    public void EveryNotifierInUseIsOnTheRelaysList()
    {
        var relayed = RelayedMessages.All.Select(m => m.Type).ToHashSet();

        var inUse = NotifierMessagesUsedBy(typeof(RelayedMessages).Assembly)
            .Concat(NotifierMessagesUsedBy(typeof(Portal.Web.Components.Routes).Assembly))
            .Distinct()
            .Where(message => !relayed.Contains(message))
            .Select(message => message.Name)
            .Order(StringComparer.Ordinal);

        Assert.Empty(inUse);
    }

    private static IEnumerable<Type> NotifierMessagesUsedBy(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(type => type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => p.ParameterType)
                .Concat(type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                    .Where(p => p.GetCustomAttribute<InjectAttribute>() is not null).Select(p => p.PropertyType)))
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Notifier<>) && !t.ContainsGenericParameters)
            .Select(t => t.GetGenericArguments()[0]);
}
