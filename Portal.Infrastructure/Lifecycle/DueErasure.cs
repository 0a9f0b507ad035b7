using Portal.Domain.Lifecycle;

namespace Portal.Infrastructure.Lifecycle;

/// <summary>
/// One erasure the schedule calls for, and the target a legal hold would keep it for (a photo is held through its gallery,
/// so a held gallery is one skip per sweep, not one per photo).
/// </summary>
internal sealed record DueErasure(ErasureScope Scope, Guid ScopeId, ErasureCause Cause, string CauseReference, HoldScope HoldScope, Guid HoldTarget);

/// <summary>An open case idle long enough for its organisation's admins to be reminded.</summary>
internal sealed record ReminderDue(Guid CaseId, string Reference, DateTimeOffset PurgeAt);

/// <summary>What one sweep did, for the log and the admin who asked for it.</summary>
public sealed record SweepResult(int Staged, int Skipped, int Reminded);
