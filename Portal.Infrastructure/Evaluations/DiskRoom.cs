using Portal.Infrastructure.Options;

namespace Portal.Infrastructure.Evaluations;

/// <summary>
/// Keeps the data disk's reserve free while a set is unpacked, so an evaluation never takes the space uploads and the
/// database need. Before unpacking the disk must hold the set (as its entries declare, at most the set cap) and the
/// reserve besides; but declared sizes are the zip's word, and other writers share the disk, so the free space is
/// asked again every <see cref="RecheckEvery"/> bytes really written, and the unpacking refused once the reserve is reached.
/// The messages name no folder: the admin needs to know what to do, not where the server keeps its data.
/// </summary>
internal sealed class DiskRoom(string folder, EvaluationOptions limits, IFreeDiskSpace disk)
{
    private const long Megabyte = 1024 * 1024;

    /// <summary>Often enough that the reserve is never overrun by more than this, rarely enough to cost nothing.</summary>
    public const long RecheckEvery = 8 * Megabyte;

    private long _sinceCheck;

    /// <summary>The check before unpacking, against the sizes the entries declare.</summary>
    public void Require(long declaredBytes)
    {
        var needed = Math.Min(declaredBytes, limits.MaxSetBytes) + limits.MinFreeDiskBytes;
        var free = disk.AvailableBytes(folder);
        if (free < needed)
            throw new EvaluationZipException(
                $"The server's data disk has too little free space for this set: it needs about {Math.Max(1, needed / Megabyte)} MB free " +
                $"(the set and a reserve of {limits.MinFreeDiskMegabytes} MB) and has {free / Megabyte} MB. Nothing was stored; " +
                "ask the platform team to free space, or upload a smaller set.", "data disk too full");
    }

    /// <summary>Counts bytes really written; every <see cref="RecheckEvery"/> of them the reserve must still be free.</summary>
    public void Written(long bytes)
    {
        _sinceCheck += bytes;
        if (_sinceCheck < RecheckEvery)
            return;
        _sinceCheck = 0;
        if (disk.AvailableBytes(folder) < limits.MinFreeDiskBytes)
            throw new EvaluationZipException(
                $"The server's data disk ran short of space while the set was unpacked (a reserve of {limits.MinFreeDiskMegabytes} MB is kept free). " +
                "Nothing was stored; ask the platform team to free space, or upload a smaller set.", "data disk too full while unpacking");
    }
}
