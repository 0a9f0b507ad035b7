using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Evaluations;

/// <summary>
/// Checks the data disk before a set is unpacked: it must hold the set (as its entries declare, at most the set cap)
/// and still keep the configured reserve free, so an evaluation never takes the space uploads and the database need.
/// The message names no folder: the admin needs to know what to do, not where the server keeps its data.
/// </summary>
internal static class DiskRoom
{
    private const long Megabyte = 1024 * 1024;

    public static void Require(string folder, long declaredBytes, EvaluationOptions limits)
    {
        var needed = Math.Min(declaredBytes, limits.MaxSetBytes) + limits.MinFreeDiskBytes;
        var free = new DriveInfo(folder).AvailableFreeSpace;
        if (free < needed)
            throw new EvaluationZipException(
                $"The server's data disk has too little free space for this set: it needs about {Math.Max(1, needed / Megabyte)} MB free " +
                $"(the set and a reserve of {limits.MinFreeDiskMegabytes} MB) and has {free / Megabyte} MB. Nothing was stored; " +
                "ask the platform team to free space, or upload a smaller set.", "data disk too full");
    }
}
