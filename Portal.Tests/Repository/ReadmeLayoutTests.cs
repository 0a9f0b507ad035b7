using Portal.Tests.Support;

namespace Portal.Tests.Repository;

/// <summary>The README's layout section stays true as folders come and go (ADR 0006).</summary>
public sealed class ReadmeLayoutTests
{
    // Made by builds, runs and test runs, never part of the layout.
    private static readonly HashSet<string> Generated = ["bin", "obj", "App_Data", "TestResults"];

    private static IReadOnlyList<LayoutEntry> Layout { get; } =
        ReadmeLayout.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")));

    [Fact]
    public void EveryFolderAndFileTheLayoutNamesExists()
    {
        var missing = Layout
            .Where(e => e.IsFolder
                ? !Directory.Exists(Path.Combine(RepositoryRoot.Path, e.Path))
                : !File.Exists(Path.Combine(RepositoryRoot.Path, e.Path)))
            .Select(e => e.Path)
            .ToList();

        Assert.NotEmpty(Layout);
        Assert.Empty(missing);
    }

    [Fact]
    public void EveryProjectAndEveryTopFolderOfEachProjectIsNamedInTheLayout()
    {
        var named = Layout.Select(e => e.Path).ToHashSet();
        var projects = Directory.EnumerateDirectories(RepositoryRoot.Path)
            .Where(d => Directory.EnumerateFiles(d, "*.csproj").Any())
            .ToList();
        var unnamed = projects
            .SelectMany(project => Directory.EnumerateDirectories(project).Prepend(project))
            .Select(d => Path.GetRelativePath(RepositoryRoot.Path, d).Replace('\\', '/') + "/")
            .Where(path => !Generated.Contains(Path.GetFileName(path.TrimEnd('/'))) && !path.Split('/').Any(p => p.StartsWith('.')))
            .Where(path => !named.Contains(path))
            .ToList();

        Assert.NotEmpty(projects);
        Assert.Empty(unnamed);
    }

    [Fact]
    public void ReadsANestedNameRelativeToTheFolderAboveIt()
    {
        var entries = ReadmeLayout.Parse("## Layout\n\n```\nroot.sln\nA/  a folder\n  B/  nested\n    c.txt\n  D/\nE/\n```\n");

        Assert.Equal(["root.sln", "A/", "A/B/", "A/B/c.txt", "A/D/", "E/"], entries.Select(e => e.Path));
    }

    [Theory]
    [InlineData("```\nfile.txt\n  B/\n```")]
    [InlineData("```\nA/\n    B/\n```")]
    [InlineData("```\nA/\n B/\n```")]
    public void RefusesALineThatIsNotIndentedUnderAFolder(string block) =>
        Assert.Throws<FormatException>(() => ReadmeLayout.Parse("## Layout\n" + block));
}
