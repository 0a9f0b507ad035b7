using Microsoft.Extensions.Options;
using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Crops;

/// <summary>
/// Bounds the web requests that decode a full photo (to cut a crop that was never stored). A request waits a
/// short while for a slot and is otherwise refused, so a burst cannot queue without bound and starve sign-in.
/// </summary>
public sealed class CropDecodeGate(IOptions<CropOptions> options)
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentDecodes, options.Value.MaxConcurrentDecodes);

    /// <summary>A slot to release by disposing it, or null when none came free within <see cref="CropOptions.MaxWait"/>.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken = default) =>
        await _slots.WaitAsync(options.Value.MaxWait, cancellationToken) ? new Slot(_slots) : null;

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                slots.Release();
        }
    }
}
