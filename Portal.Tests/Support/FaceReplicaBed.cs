using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Faces;
using Portal.Infrastructure.Face;

namespace Portal.Tests.Support;

/// <summary>Helpers for tests where two hosts on one data directory stand for two processes, each with a face index replica.</summary>
public static class FaceReplicaBed
{
    /// <summary>Replica settings fast enough for tests: short poll and heartbeat.</summary>
    public static readonly Dictionary<string, string?> Fast = new()
    {
        ["Portal:FaceIndex:PollInterval"] = "00:00:00.050",
        ["Portal:FaceIndex:HeartbeatInterval"] = "00:00:00.200",
        ["Portal:FaceIndex:LiveWindow"] = "00:00:30",
    };

    public static Task<InfrastructureHost> StartAsync(string data, Action<IServiceCollection>? configure = null, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(Fast);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            settings[key] = value;
        return InfrastructureHost.StartAsync(data, configure: configure, settings: settings);
    }

    public static StoredFace NewFace(Guid gallery, int seed)
    {
        var random = new Random(seed);
        var vector = Enumerable.Range(0, 512).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        FaceEmbedder.Normalise(vector);
        return new StoredFace { GalleryId = gallery, ImageId = Guid.NewGuid(), Width = 100, Height = 100, DetectionScore = 1, Embedding = StoredFace.Pack(vector), PipelineVersion = FacePipelineVersion.Current };
    }

    public static bool Finds(this InfrastructureHost host, StoredFace face) =>
        host.Get<IFaceIndex>().Search(face.EmbeddingVector(), new HashSet<Guid> { face.GalleryId }, 5, 0.99f).Any(m => m.FaceId == face.Id);

    /// <summary>Polls until <paramref name="condition"/> holds, at most <paramref name="within"/>; false when it never did.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return true;
            await Task.Delay(25);
        }
        return await condition();
    }
}
