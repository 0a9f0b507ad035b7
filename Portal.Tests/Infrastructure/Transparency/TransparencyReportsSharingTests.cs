using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Transparency;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Transparency;

/// <summary>
/// The shared computation of the public report: a visitor who leaves stops only their own wait; the computation goes on
/// for the others, and runs once.
/// </summary>
public sealed class TransparencyReportsSharingTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 15, 12, 0, 0, TimeSpan.Zero));
    private InfrastructureHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await InfrastructureHost.StartAsync(_data.Path, configure: services => services.AddSingleton<TimeProvider>(_clock));

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task TheFirstVisitorLeavingDoesNotCancelTheComputationTheOthersWaitFor()
    {
        var contexts = new GatedContexts(_host.Get<IDbContextFactory<PortalDbContext>>());
        var reports = new TransparencyReports(contexts, _host.Get<ModelStore>(), _host.Get<EvaluationQueries>(), _host.Get<QuarterPublication>(), _clock);
        using var leaving = new CancellationTokenSource();

        var first = reports.CurrentAsync(leaving.Token);
        await contexts.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = reports.CurrentAsync();
        await leaving.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.False(second.IsCompleted);
        contexts.Open.SetResult();
        var report = await second.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(8, report.Quarters.Count);
        Assert.Equal(1, contexts.Created);
        Assert.Same(report, await reports.CurrentAsync()); // shared while fresh
        _clock.Advance(TransparencyReports.CacheFor);
        Assert.NotSame(report, await reports.CurrentAsync());
        Assert.Equal(2, contexts.Created);
    }

    /// <summary>The real factory, whose contexts are handed out only once the test opens the gate; it honours the caller's token.</summary>
    private sealed class GatedContexts(IDbContextFactory<PortalDbContext> inner) : IDbContextFactory<PortalDbContext>
    {
        private int _created;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Created => Volatile.Read(ref _created);

        public PortalDbContext CreateDbContext() => throw new NotSupportedException("The report creates its contexts asynchronously.");

        public async Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _created);
            Entered.TrySetResult();
            await Open.Task.WaitAsync(cancellationToken);
            return await inner.CreateDbContextAsync(cancellationToken);
        }
    }
}
