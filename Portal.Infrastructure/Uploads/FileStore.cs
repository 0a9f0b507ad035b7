using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Uploads;

/// <summary>
/// Stored photos: re-encoded files under random names in the data directory, outside any web root. A name is
/// only ever one this store made, so a crafted name cannot reach another file.
/// </summary>
public sealed partial class FileStore(DataPaths paths)
{
    public string Folder { get; } = Directory.CreateDirectory(paths.Under("uploads")).FullName;

    public string Incoming => Directory.CreateDirectory(Path.Combine(Folder, "incoming")).FullName;

    /// <summary>A fresh random name; the extension follows the stored kind (uploads are stored as JPEG or PNG).</summary>
    public static string NewName(ImageSignature.Kind kind = ImageSignature.Kind.Jpeg) =>
        Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + (kind == ImageSignature.Kind.Png ? ".png" : ".jpg");

    /// <summary>Whether a file name is one this store makes (anything else in the folder is not a stored photo).</summary>
    public static bool IsStoredName(string name) => StoredName().IsMatch(name);

    public string PathOf(string storedName)
    {
        if (!StoredName().IsMatch(storedName))
            throw new ArgumentException("Not a stored file name.", nameof(storedName));
        return Path.Combine(Folder, storedName);
    }

    public Stream OpenRead(string storedName) => new FileStream(PathOf(storedName), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);

    public void Delete(string storedName)
    {
        var path = PathOf(storedName);
        if (File.Exists(path))
            File.Delete(path);
    }

    [GeneratedRegex("^[0-9a-f]{32}\\.(jpg|png)$")]
    private static partial Regex StoredName();
}
