using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;

namespace Portal.Infrastructure.Imaging;

/// <summary>
/// Runs one step on an untrusted file (pre-scan, Identify, decode) on a worker, and answers the caller at the
/// time limit even when the step ignores cancellation: it is cancelled, abandoned and its result, should one
/// still come, disposed. Whatever a decoder throws becomes an <see cref="ImageRejectedException"/> with a clear
/// sentence; only the caller's own cancellation and real I/O failures pass through.
/// </summary>
internal static class WithinLimits
{
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, TimeSpan limit, TimeProvider time,
        CancellationToken cancellationToken) where T : class
    {
        var timeout = new CancellationTokenSource(limit, time);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var task = Task.Run(() => work(linked.Token), CancellationToken.None);
        // The sources live until the work ends, however long an abandoned step takes.
        _ = task.ContinueWith(finished =>
        {
            _ = finished.Exception; // observed: an abandoned step's failure is not an unobserved-task crash
            linked.Dispose();
            timeout.Dispose();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            return await task.WaitAsync(limit, time, cancellationToken);
        }
        catch (Exception exception)
        {
            // Abandoned: a result that still comes (a decoder that ignored cancellation) is disposed, not leaked.
            _ = task.ContinueWith(late => (late.Result as IDisposable)?.Dispose(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            if (Rejection(exception, limit, cancellationToken) is { } rejected)
                throw rejected;
            throw;
        }
    }

    private static ImageRejectedException? Rejection(Exception exception, TimeSpan limit, CancellationToken cancellationToken) => exception switch
    {
        ImageRejectedException rejected => rejected,
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        TimeoutException or OperationCanceledException =>
            new($"Reading the image took longer than {limit.TotalSeconds:0.#} seconds; the file was refused."),
        // ImageSharp wraps a refused allocation in InvalidImageContentException ("possibly degenerate dimensions").
        InvalidMemoryOperationException or OutOfMemoryException or InvalidImageContentException { InnerException: InvalidMemoryOperationException }
            => new("The image needs more memory to decode than the portal allows."),
        EndOfStreamException => new("The image data is damaged or truncated and cannot be decoded."),
        IOException or ObjectDisposedException => null, // the disk, not the image: not the uploader's fault
        UnknownImageFormatException => new("The file is not a readable JPEG or PNG image."),
        _ => new("The image data is damaged or truncated and cannot be decoded."),
    };
}
