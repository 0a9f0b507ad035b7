using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Options;
using Portal.Tests.Support;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace Portal.Tests.Infrastructure.Face;

/// <summary>Missing or altered models make recognition unavailable, with a message naming the file and both hashes.</summary>
public sealed class ModelStoreTests : IDisposable
{
    private readonly TempDirectory _models = new("reunite-models");

    public ModelStoreTests()
    {
        foreach (var file in ModelFiles.Sha256.Keys)
            File.Copy(Path.Combine(AppContext.BaseDirectory, "models", file), _models.File(file));
    }

    [Fact]
    public void TheShippedModelsVerify() => Assert.True(ModelStore.Check(_models.Path).IsAvailable);

    [Fact]
    public void AnAlteredModelIsRefusedWithTheExpectedAndTheActualHash()
    {
        File.AppendAllText(_models.File(ModelFiles.Embedder), "tampered");

        var status = ModelStore.Check(_models.Path);

        Assert.False(status.IsAvailable);
        var problem = Assert.Single(status.Problems);
        Assert.Contains(ModelFiles.Embedder, problem);
        Assert.Contains(ModelFiles.Sha256[ModelFiles.Embedder], problem);
        Assert.Matches("actual [0-9a-f]{64}", problem);
        Assert.DoesNotContain($"actual {ModelFiles.Sha256[ModelFiles.Embedder]}", problem);
    }

    [Fact]
    public async Task AMissingModelGivesTheUnavailableStateNotACrash()
    {
        File.Delete(_models.File(ModelFiles.Detector));
        var options = new FaceOptions { ModelDirectory = _models.Path };
        var store = new ModelStore(MsOptions.Create(options), NullLogger<ModelStore>.Instance);
        using var pipeline = new FacePipeline(store, new SafeImageReader(MsOptions.Create(new ImageLimits())), MsOptions.Create(options));
        var health = new Portal.Infrastructure.Health.FaceModelsHealthCheck(store);

        Assert.False(pipeline.IsAvailable);
        Assert.Contains($"{ModelFiles.Detector} is missing", Assert.Single(store.Status.Problems));
        var report = await health.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, report.Status);
        Assert.Contains("recognition unavailable", report.Description);
        Assert.DoesNotContain(_models.Path, report.Description);
        Assert.DoesNotContain(_models.Path, string.Join(" ", report.Data.Values));
        await Assert.ThrowsAsync<RecognitionUnavailableException>(() => pipeline.AnalyzeAsync(new MemoryStream([0xFF, 0xD8, 0xFF])));
    }

    public void Dispose() => _models.Dispose();
}
