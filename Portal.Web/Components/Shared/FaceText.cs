namespace Portal.Web.Components.Shared;

/// <summary>
/// Text alternatives for face images (WCAG 1.1.1). They name the image's role and where it came from, never the
/// person: who it is, is exactly what reviewers are there to decide.
/// </summary>
public static class FaceText
{
    public static string Probe(int ordinal, string? fileName) =>
        string.IsNullOrWhiteSpace(fileName) ? $"Probe face {ordinal + 1}" : $"Probe face {ordinal + 1} from {fileName}";

    public static string Candidate(string galleryName) => $"Candidate face from gallery {galleryName}";
}
