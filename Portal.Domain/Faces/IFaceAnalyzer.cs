namespace Portal.Domain.Faces;

/// <summary>Finds faces in an image and describes each: box, landmarks, quality, embedding.</summary>
public interface IFaceAnalyzer
{
    /// <summary>False while the models are missing or altered: recognition is unavailable, and work waits.</summary>
    bool IsAvailable { get; }

    Task<FaceAnalysis> AnalyzeAsync(Stream encodedImage, CancellationToken cancellationToken = default);
}
