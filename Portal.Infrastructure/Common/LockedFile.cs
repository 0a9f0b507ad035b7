namespace Portal.Infrastructure.Common;

/// <summary>Opens an append-only file that several processes share, retrying while another holds it for a moment.</summary>
internal static class LockedFile
{
    public static async Task<FileStream> OpenAsync(string path, FileMode mode, FileAccess access, FileShare share, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(path, mode, access, share);
            }
            catch (IOException) when (attempt < 100 && File.Exists(path))
            {
                await Task.Delay(20, cancellationToken); // another process holds the file for a moment
            }
        }
    }
}
