using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Support;

/// <summary>
/// While armed, every query waits until its caller's token is cancelled, as a very slow database would: shows whether a
/// read passes on the token it was given. <see cref="Cancelled"/> completes when a stalled query saw the cancellation.
/// </summary>
public sealed class StalledReads : DbCommandInterceptor
{
    private readonly TaskCompletionSource _cancelled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Armed { get; set; }
    public Task Stalled => _stalled.Task;
    public Task Cancelled => _cancelled.Task;

    public void AddTo(IServiceCollection services) =>
        services.ConfigureDbContext<PortalDbContext>((_, options) => options.AddInterceptors(this));

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Armed)
        {
            _stalled.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _cancelled.TrySetResult();
                throw;
            }
        }
        return await base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }
}
