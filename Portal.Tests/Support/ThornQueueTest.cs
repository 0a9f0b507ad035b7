using Portal.Domain.Common;

namespace Portal.Tests.Support;

/// <summary>
/// A test class's own queue test bed in a fresh data directory, with Thorn's staff member as the usual actor: the set-up
/// the person-template and same-face tests share. The host stops before its directory is deleted.
/// </summary>
public abstract class ThornQueueTest : IAsyncLifetime
{
    private readonly TempDirectory _data = new();

    protected QueueTestBed Bed { get; private set; } = null!;

    protected Actor Staff { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Bed = await QueueTestBed.StartAsync(_data.Path);
        Staff = await Bed.ThornStaffAsync();
    }

    public async Task DisposeAsync()
    {
        await Bed.DisposeAsync();
        _data.Dispose();
    }
}
