namespace Portal.Infrastructure.Evaluations;

/// <summary>The free space of the disk holding a folder: asked before and while a set is unpacked (tests control it).</summary>
public interface IFreeDiskSpace
{
    long AvailableBytes(string folder);
}

/// <summary>The disk as the operating system reports it, to this process's user.</summary>
internal sealed class DriveFreeSpace : IFreeDiskSpace
{
    public long AvailableBytes(string folder) => new DriveInfo(folder).AvailableFreeSpace;
}
