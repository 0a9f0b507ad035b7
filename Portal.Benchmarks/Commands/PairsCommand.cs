using Portal.Benchmarks.Support;

namespace Portal.Benchmarks.Commands;

/// <summary>pairs --images &lt;tree&gt; --out &lt;csv&gt;: every pair of a folder-per-identity tree, labelled same or not.</summary>
internal static class PairsCommand
{
    public static int Run(Arguments arguments)
    {
        var root = arguments.Required("images");
        var prefix = arguments.Optional("prefix") ?? "";
        var images = Embeddings.Tree(root);
        using var writer = new StreamWriter(arguments.Required("out"));
        writer.WriteLine("path_a,path_b,same");
        var genuine = 0;
        var impostor = 0;
        for (var i = 0; i < images.Count; i++)
        for (var j = i + 1; j < images.Count; j++)
        {
            var same = images[i].Identity == images[j].Identity;
            writer.WriteLine($"{prefix}{images[i].Path},{prefix}{images[j].Path},{(same ? 1 : 0)}");
            if (same) genuine++; else impostor++;
        }
        Console.WriteLine($"pairs: {genuine} genuine, {impostor} impostor from {images.Count} images");
        return 0;
    }
}
