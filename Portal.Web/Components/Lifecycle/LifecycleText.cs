using System.Globalization;
using Portal.Infrastructure.Lifecycle;

namespace Portal.Web.Components.Lifecycle;

/// <summary>The words of the trash and the retention dates, the same on every page and dialog.</summary>
internal static class LifecycleText
{
    /// <summary>A due date as a day ("8 December 2026", UTC): deletions happen on a day, not at a minute.</summary>
    public static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Noun(TrashKind kind) => kind switch
    {
        TrashKind.Gallery => "gallery",
        TrashKind.Photo => "photo",
        _ => "case",
    };

    public static string Count(int count, string one) => count == 1 ? $"1 {one}" : $"{count} {one}s";

    /// <summary>What the item holds, as the confirmation and the trash list say it.</summary>
    public static string Holds(TrashKind kind, int photos, int faces) => kind switch
    {
        TrashKind.Photo => Count(faces, "face"),
        TrashKind.Case => $"{Count(photos, "probe photo")} and {Count(faces, "face")}",
        _ => $"{Count(photos, "photo")} and {Count(faces, "face")}",
    };

    /// <summary>The confirmation's message: the counts, what happens at once, the date it is deleted for good, and who can restore it.</summary>
    public static string Confirmation(TrashCounts counts) =>
        $"This {Noun(counts.Kind)} has {Holds(counts.Kind, counts.Photos, counts.Faces)}. " +
        $"{(counts.Kind == TrashKind.Case ? "Its results stop being listed" : "They stop being searchable")} at once and are deleted for good on " +
        $"{Day(counts.DeletedForGoodAt)}; until then your organisation's admin can restore them.";
}
