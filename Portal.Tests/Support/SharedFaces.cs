namespace Portal.Tests.Support;

/// <summary>
/// The labelled photos in ../shared/faces (relative to the repository root). They are read in place and never
/// copied into the repository.
/// </summary>
public static class SharedFaces
{
    public static string Root { get; } = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "faces"));

    public static bool Available => Directory.Exists(Path.Combine(Root, "people"));

    public static string SkipReason =>
        $"The labelled face photos are absent ({Root} has no people/ folder); the face tests need ../shared/faces next to the repository.";

    public static string File(string relative) => Path.Combine(Root, relative);
}

/// <summary>A fact that needs ../shared/faces: skipped, saying why, where the folder is absent.</summary>
public sealed class FaceFactAttribute : FactAttribute
{
    public FaceFactAttribute()
    {
        if (!SharedFaces.Available)
            Skip = SharedFaces.SkipReason;
    }
}

/// <summary>A theory that needs ../shared/faces.</summary>
public sealed class FaceTheoryAttribute : TheoryAttribute
{
    public FaceTheoryAttribute()
    {
        if (!SharedFaces.Available)
            Skip = SharedFaces.SkipReason;
    }
}
