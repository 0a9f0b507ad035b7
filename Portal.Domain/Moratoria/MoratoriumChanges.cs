using System.Globalization;
using Portal.Domain.Common;

namespace Portal.Domain.Moratoria;

/// <summary>
/// The changes an admin can make, each needing a reason and leaving a revision. Ending early and extending
/// are their own verbs because they are what a provider announces.
/// </summary>
public static class MoratoriumChanges
{
    public static Outcome<Moratorium> Create(MoratoriumDraft draft, string actor, string reason, DateTimeOffset now)
    {
        if (Refusal(draft, reason) is { } problem)
            return Outcome<Moratorium>.Invalid(problem);
        var moratorium = new Moratorium { Title = draft.Title.Trim() };
        Apply(moratorium, draft);
        moratorium.Revisions.Add(Revision(moratorium, now, actor, $"created: {Describe(moratorium)}", reason));
        return Outcome<Moratorium>.Ok(moratorium);
    }

    public static Outcome Edit(Moratorium moratorium, MoratoriumDraft draft, string actor, string reason, DateTimeOffset now)
    {
        if (Refusal(draft, reason) is { } problem)
            return Outcome.Invalid(problem);
        var before = Describe(moratorium);
        Apply(moratorium, draft);
        var after = Describe(moratorium);
        if (before == after)
            return Outcome.Invalid("Nothing changed.");
        moratorium.Revisions.Add(Revision(moratorium, now, actor, $"edited: {before} -> {after}", reason));
        return Outcome.Ok;
    }

    /// <summary>A later end, or none ("until further notice"). On an ended moratorium this reinstates it.</summary>
    public static Outcome Extend(Moratorium moratorium, DateTimeOffset? newEnd, string actor, string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason))
            return Outcome.Invalid("Give a reason: it is kept in the revision history.");
        if (moratorium.EndsAt is null)
            return Outcome.Conflict("It already runs until further notice.");
        if (newEnd is { } end && (end <= moratorium.EndsAt || end <= now))
            return Outcome.Invalid("An extension must end later than the current end and later than now.");
        var change = $"extended: end {Instant(moratorium.EndsAt)} -> {Instant(newEnd)}";
        moratorium.EndsAt = newEnd;
        moratorium.Revisions.Add(Revision(moratorium, now, actor, change, reason));
        return Outcome.Ok;
    }

    public static Outcome EndEarly(Moratorium moratorium, string actor, string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason))
            return Outcome.Invalid("Give a reason: it is kept in the revision history.");
        if (!moratorium.IsActiveAt(now))
            return Outcome.Conflict("Only an active moratorium can end early; edit an upcoming one instead.");
        var change = $"ended early: end {Instant(moratorium.EndsAt)} -> {Instant(now)}";
        moratorium.EndsAt = now;
        moratorium.Revisions.Add(Revision(moratorium, now, actor, change, reason));
        return Outcome.Ok;
    }

    public static string Instant(DateTimeOffset? instant) =>
        instant is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "until further notice";

    private static string? Refusal(MoratoriumDraft draft, string reason) =>
        draft.Problems().FirstOrDefault()
        ?? (string.IsNullOrWhiteSpace(reason) ? "Give a reason: it is kept in the revision history." : null);

    private static void Apply(Moratorium moratorium, MoratoriumDraft draft)
    {
        moratorium.Title = draft.Title.Trim();
        moratorium.Sectors = draft.Sectors.Distinct().Order().ToList();
        moratorium.Exemptions = draft.Exemptions
            .Select(e => new MoratoriumExemption { OrganisationId = e.OrganisationId, Reason = e.Reason.Trim() }).ToList();
        moratorium.StartsAt = draft.StartsAt;
        moratorium.EndsAt = draft.EndsAt;
        moratorium.PublicStatement = draft.PublicStatement.Trim();
    }

    private static string Describe(Moratorium m) =>
        $"\"{m.Title}\", sectors {string.Join(", ", m.Sectors)}, {Instant(m.StartsAt)} to {Instant(m.EndsAt)}, " +
        $"{m.Exemptions.Count} exemption(s){(m.Exemptions.Count > 0 ? $" ({string.Join(", ", m.Exemptions.Select(e => e.OrganisationId.ToString("N")[..8]))})" : "")}, " +
        $"statement of {m.PublicStatement.Length} characters";

    private static MoratoriumRevision Revision(Moratorium m, DateTimeOffset at, string actor, string change, string reason) =>
        new() { MoratoriumId = m.Id, At = at, Actor = actor, Change = change, Reason = reason.Trim() };
}
