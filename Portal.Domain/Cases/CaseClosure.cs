using Portal.Domain.Common;

namespace Portal.Domain.Cases;

/// <summary>How a case ended; closing it starts the retention clock of its probe photos.</summary>
public enum CaseOutcome
{
    Found,
    Reunited,
    Withdrawn,
    NoLongerNeeded,
    Other,
}

public static class CaseOutcomeLabels
{
    public static string Label(this CaseOutcome outcome) => outcome switch
    {
        CaseOutcome.Found => "Found",
        CaseOutcome.Reunited => "Reunited",
        CaseOutcome.Withdrawn => "Withdrawn",
        CaseOutcome.NoLongerNeeded => "No longer needed",
        CaseOutcome.Other => "Other",
        _ => outcome.ToString(),
    };
}

/// <summary>The one rule for closing a case: an outcome, a note when the outcome is "Other", and only once.</summary>
public static class CaseClosure
{
    public const int MaxNoteLength = 2000;

    /// <summary>Why the case cannot be closed so, or null when it can.</summary>
    public static Outcome Check(SearchCase searchCase, CaseOutcome outcome, string? note)
    {
        if (searchCase.ClosedAt is not null)
            return Outcome.Conflict("This case is already closed.");
        if (searchCase.TrashedAt is not null || searchCase.PurgedAt is not null)
            return Outcome.Conflict("This case has been deleted; it cannot be closed.");
        if (!DefinedValues.IsDefined(outcome))
            return Outcome.Invalid("Choose how the case ended.");
        var text = note?.Trim() ?? "";
        if (outcome == CaseOutcome.Other && text.Length == 0)
            return Outcome.Invalid("Say in the note how the case ended when the outcome is \"Other\".");
        return text.Length > MaxNoteLength ? Outcome.Invalid($"Keep the note to at most {MaxNoteLength} characters.") : Outcome.Ok;
    }

    /// <summary>Closes the case when <see cref="Check"/> allows it; the caller saves it with its audit entry.</summary>
    /// <param name="closedBy">The closing user's id.</param>
    public static Outcome Close(SearchCase searchCase, CaseOutcome outcome, string? note, string closedBy, DateTimeOffset at)
    {
        var check = Check(searchCase, outcome, note);
        if (!check.Succeeded)
            return check;
        searchCase.ClosedAt = at;
        searchCase.Outcome = outcome;
        searchCase.ClosureNote = note?.Trim() ?? "";
        searchCase.ClosedBy = closedBy;
        return Outcome.Ok;
    }
}
