using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Evaluations;

/// <summary>Where an evaluation set's photos wait for their run: data/evaluations/{id}, deleted whole when the run ends.</summary>
public sealed class EvaluationFolders(DataPaths paths)
{
    public string Root => paths.Under("evaluations");

    public string Of(Guid runId) => Path.Combine(Root, runId.ToString("N"));

    public string PhotosOf(Guid runId) => Path.Combine(Of(runId), "photos");

    public string LabelsOf(Guid runId) => Path.Combine(Of(runId), "labels.csv");

    /// <summary>The run's own file store for the intake's re-encoded copies (temp crops included).</summary>
    public string WorkOf(Guid runId) => Path.Combine(Of(runId), "work");

    public bool Exists(Guid runId) => Directory.Exists(Of(runId));

    public void Delete(Guid runId)
    {
        if (Directory.Exists(Of(runId)))
            Directory.Delete(Of(runId), recursive: true);
    }
}
