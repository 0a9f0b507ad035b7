namespace Portal.Infrastructure.Face;

/// <summary>Milliseconds per stage of one analysis, for the latency benchmark.</summary>
public sealed record PipelineTimings(double DetectMs, double LandmarksMs, double EmbedMs)
{
    public double TotalMs => DetectMs + LandmarksMs + EmbedMs;
}
