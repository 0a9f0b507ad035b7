namespace Portal.Infrastructure.Moratoria;

/// <summary>What saving a change would do to approved organisations, shown to the admin before saving.</summary>
public sealed record SchedulePreview(
    IReadOnlyList<string> BlockedNowThatAreNot,
    IReadOnlyList<string> UnblockedNowThatAre,
    IReadOnlyList<string> CoveredByThisMoratorium);
