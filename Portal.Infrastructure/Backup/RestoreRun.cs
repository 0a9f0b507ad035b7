using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Common;

namespace Portal.Infrastructure.Backup;

/// <summary>A whole restore, in order: put back, the portal's own start-up (migrations, seeding) on it, then complete.</summary>
public static class RestoreRun
{
    public static async Task<Outcome<RestoreReport>> RunAsync(IServiceProvider services, string folder, bool force, CancellationToken cancellationToken = default)
    {
        var putBack = await services.GetRequiredService<RestoreService>().PutBackAsync(folder, force, cancellationToken);
        if (!putBack.Succeeded)
            return putBack.WithoutValue().As<RestoreReport>();
        // A backup of an older version is brought to this version's schema before anything reads it.
        await services.InitialisePortalAsync(cancellationToken);
        return Outcome<RestoreReport>.Ok(await services.GetRequiredService<RestoreCompletion>().FinishAsync(putBack.Value!, cancellationToken));
    }
}
