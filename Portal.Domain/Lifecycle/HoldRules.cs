using Portal.Domain.Common;

namespace Portal.Domain.Lifecycle;

/// <summary>
/// The four steps of a legal hold, each by a platform admin: place, confirm (another admin), request release,
/// confirm release (an admin other than the one who asked). Two people for every change, as for reviews.
/// </summary>
public static class HoldRules
{
    /// <summary>A hold that keeps data now: confirmed and not released. A placed, unconfirmed hold keeps nothing yet.</summary>
    public static bool IsActive(LegalHold hold) => hold.ConfirmedAt is not null && hold.ReleasedAt is null;

    /// <summary>An active hold whose review date has come: flagged for the admins to look at.</summary>
    public static bool IsPastReview(LegalHold hold, DateTimeOffset now) => IsActive(hold) && now >= hold.ReviewDate;

    /// <summary>A new hold, placed but not yet in force.</summary>
    public static Outcome<LegalHold> Place(Actor admin, HoldScope scope, Guid targetId, Guid organisationId,
        string? reason, string? reference, DateTimeOffset reviewDate, DateTimeOffset now)
    {
        if (AdminGuard.Refusal(admin, "place legal holds") is { } refusal)
            return Outcome<LegalHold>.Forbidden(refusal);
        if (!DefinedValues.IsDefined(scope))
            return Outcome<LegalHold>.Invalid("Choose an organisation, a case or a gallery to hold.");
        if ((TextProblem(reason, "a reason", LegalHold.MaxReasonLength)
            ?? TextProblem(reference, "a reference (e.g. the order's number)", LegalHold.MaxReferenceLength)) is { } problem)
            return Outcome<LegalHold>.Invalid(problem);
        if (reviewDate <= now)
            return Outcome<LegalHold>.Invalid("Give a review date in the future.");
        return Outcome<LegalHold>.Ok(new LegalHold
        {
            Scope = scope, TargetId = targetId, OrganisationId = organisationId, Reason = reason!.Trim(),
            Reference = reference!.Trim(), ReviewDate = reviewDate, PlacedBy = admin.UserId, PlacedAt = now,
        });
    }

    public static Outcome Confirm(LegalHold hold, Actor admin, DateTimeOffset now)
    {
        if (AdminGuard.Refusal(admin, "confirm legal holds") is { } refusal)
            return Outcome.Forbidden(refusal);
        if (hold.ConfirmedAt is not null || hold.ReleasedAt is not null)
            return Outcome.Conflict("This hold has already been confirmed.");
        if (hold.PlacedBy == admin.UserId)
            return Outcome.Forbidden("You placed this hold, so another platform admin confirms it.");
        hold.ConfirmedBy = admin.UserId;
        hold.ConfirmedAt = now;
        return Outcome.Ok;
    }

    public static Outcome RequestRelease(LegalHold hold, Actor admin, string? reason, DateTimeOffset now)
    {
        if (AdminGuard.Refusal(admin, "release legal holds") is { } refusal)
            return Outcome.Forbidden(refusal);
        if (!IsActive(hold))
            return Outcome.Conflict("Only a confirmed hold that is still in force can be released.");
        if (hold.ReleaseRequestedAt is not null)
            return Outcome.Conflict("Its release has already been asked for; another platform admin confirms it.");
        if (TextProblem(reason, "a reason", LegalHold.MaxReasonLength) is { } problem)
            return Outcome.Invalid(problem);
        hold.ReleaseRequestedBy = admin.UserId;
        hold.ReleaseRequestedAt = now;
        hold.ReleaseReason = reason!.Trim();
        return Outcome.Ok;
    }

    public static Outcome ConfirmRelease(LegalHold hold, Actor admin, DateTimeOffset now)
    {
        if (AdminGuard.Refusal(admin, "release legal holds") is { } refusal)
            return Outcome.Forbidden(refusal);
        if (!IsActive(hold) || hold.ReleaseRequestedAt is null)
            return Outcome.Conflict("Nobody has asked to release this hold.");
        if (hold.ReleaseRequestedBy == admin.UserId)
            return Outcome.Forbidden("You asked for this release, so another platform admin confirms it.");
        hold.ReleaseConfirmedBy = admin.UserId;
        hold.ReleasedAt = now;
        return Outcome.Ok;
    }

    private static string? TextProblem(string? text, string what, int max) =>
        string.IsNullOrWhiteSpace(text) ? $"Give {what}."
        : text.Trim().Length > max ? $"Keep it to at most {max} characters."
        : null;
}
