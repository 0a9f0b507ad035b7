namespace Portal.Infrastructure.Common.Relay;

/// <summary>
/// This process's name on the relay channel: new at every start, so a listener knows its own messages. Not the
/// operating system's id: two portals in one test process, or two machines, may share that.
/// </summary>
public sealed class RelayProcess
{
    public Guid Id { get; } = Guid.NewGuid();
}
