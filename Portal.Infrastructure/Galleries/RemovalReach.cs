using Portal.Infrastructure.Face;

namespace Portal.Infrastructure.Galleries;

/// <summary>How far a deletion of faces has got, in the words the person who deleted them reads.</summary>
public static class RemovalReach
{
    public static string Describe(ChangeReach reach) => reach.Everywhere
        ? "Deleted, and removed from every search index."
        : $"Deleted; still being removed from {reach.Behind.Count} search process(es). Searches submitted from now on never use it.";
}
