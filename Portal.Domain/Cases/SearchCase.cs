using Portal.Domain.Organisations;

namespace Portal.Domain.Cases;

/// <summary>A search for one missing person: a reference, a purpose, probe photos and the galleries to search.</summary>
public sealed class SearchCase
{
    public const int DefaultTopK = 10;
    public const int MaxTopK = 50;
    public const int MaxReferenceLength = 100;
    public const int MaxNotesLength = 4000;

    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid OrganisationId { get; init; }
    public required string Reference { get; init; }
    public Purpose Purpose { get; init; }
    public string Notes { get; init; } = "";
    public int TopK { get; init; } = DefaultTopK;

    /// <summary>The similarity threshold in force when the case was submitted; kept so results can be explained later.</summary>
    public float Threshold { get; init; }

    public required string CreatedBy { get; init; }
    public string CreatedByName { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public List<CaseGallery> Galleries { get; init; } = [];

    // The lifecycle (issue 16): set through CaseClosure, the trash and the purge, never directly by a page.
    public DateTimeOffset? ClosedAt { get; set; }
    public CaseOutcome? Outcome { get; set; }
    public string? ClosureNote { get; set; }

    /// <summary>The id of the user who closed the case.</summary>
    public string? ClosedBy { get; set; }

    /// <summary>The case's own, shorter retention period for its probe photos, in days; null follows the organisation's.</summary>
    public int? RetentionDays { get; set; }

    /// <summary>When the organisation's admins were last reminded that this open case has no activity.</summary>
    public DateTimeOffset? LastReminderAt { get; set; }

    /// <summary>When an admin answered a reminder by keeping the case open: activity, as far as reminders go.</summary>
    public DateTimeOffset? KeepOpenConfirmedAt { get; set; }

    public DateTimeOffset? TrashedAt { get; set; }

    /// <summary>The id of the user who moved the case to the trash.</summary>
    public string? TrashedBy { get; set; }

    /// <summary>When its biometric data and personal text were erased; the row stays with ids and facts.</summary>
    public DateTimeOffset? PurgedAt { get; set; }

    /// <summary>Why <paramref name="reference"/> cannot be a case's reference (judged trimmed, as it is stored), or null when it can.</summary>
    public static string? ReferenceProblem(string? reference) =>
        string.IsNullOrWhiteSpace(reference) || reference.Trim().Length > MaxReferenceLength
            ? $"Give the case a reference of at most {MaxReferenceLength} characters."
            : null;

    /// <summary>Why <paramref name="notes"/> cannot be a case's notes (judged trimmed, as they are stored), or null when they can.</summary>
    public static string? NotesProblem(string? notes) =>
        (notes?.Trim().Length ?? 0) > MaxNotesLength ? $"Keep the case notes to at most {MaxNotesLength} characters." : null;

    /// <summary>Why a search may not ask for <paramref name="topK"/> candidates per face, or null when it may.</summary>
    public static string? TopKProblem(int topK) =>
        topK is < 1 or > MaxTopK ? $"Ask for between 1 and {MaxTopK} candidates per face." : null;
}

public sealed class CaseGallery
{
    public Guid CaseId { get; init; }
    public Guid GalleryId { get; init; }
}
