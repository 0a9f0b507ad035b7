using System.Globalization;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Organisations;

namespace Portal.Domain.Cases;

/// <summary>
/// The steps of a threshold change, each by a platform admin: propose (with a reason), then confirm (a different admin),
/// reject (a different admin, with a reason) or withdraw (the proposer). Two people for every change, as for legal holds.
/// </summary>
public static class ThresholdProposalRules
{
    public const float LowestDefault = 0.20f;

    /// <summary>A new pending proposal; <paramref name="before"/> and <paramref name="currentDefault"/> are the values in force now.</summary>
    public static Outcome<ThresholdProposal> Propose(Actor admin, Sector? sector, float proposed, string? reason, float before,
        float currentDefault, DateTimeOffset now)
    {
        if (AdminGuard.Refusal(admin, "propose threshold changes") is { } refusal)
            return Outcome<ThresholdProposal>.Forbidden(refusal);
        if (sector is { } s && !DefinedValues.IsDefined(s))
            return Outcome<ThresholdProposal>.Invalid("Choose the default or one of the listed sectors.");
        if ((ValueProblem(sector, proposed, currentDefault) ?? ReasonProblem(reason)) is { } problem)
            return Outcome<ThresholdProposal>.Invalid(problem);
        if (proposed == before)
            return Outcome<ThresholdProposal>.Invalid($"The {ThresholdTargets.Label(sector).ToLowerInvariant()} is {Show(before)} already.");
        return Outcome<ThresholdProposal>.Ok(new ThresholdProposal
        {
            Sector = sector, Before = before, Proposed = proposed, Reason = reason!.Trim(), ProposedBy = admin.UserId, ProposedAt = now,
        });
    }

    /// <summary>
    /// Confirms a pending proposal whose "before" is still the value in force; the caller then applies it.
    /// <paramref name="admins"/> is the proposer and the confirmer as the database has them now, not as a session remembers them.
    /// </summary>
    public static Outcome Confirm(ThresholdProposal proposal, Actor admin, AdminPair admins, float current, float currentDefault, DateTimeOffset now)
    {
        if (AdminGuard.Refusal(admin, "confirm threshold changes") is { } refusal)
            return Outcome.Forbidden(refusal);
        if (Undecidable(proposal, now) is { } closed)
            return closed;
        if (proposal.ProposedBy == admin.UserId)
            return Outcome.Forbidden("You proposed this change, so another platform admin confirms it.");
        if (SecondAdminRule.Refusal(admins, proposal.ProposedAt, "this change") is { } notIndependent)
            return Outcome.Forbidden(notIndependent);
        if (current != proposal.Before)
            return Outcome.Conflict($"The {ThresholdTargets.Label(proposal.Sector).ToLowerInvariant()} changed from {Show(proposal.Before)} to {Show(current)} " +
                "after this was proposed, so it cannot be confirmed. Reject it; the proposer can propose again from the new value.");
        if (ValueProblem(proposal.Sector, proposal.Proposed, currentDefault) is { } problem)
            return Outcome.Conflict($"The default changed after this was proposed: {problem}");
        Decide(proposal, ThresholdProposalState.Confirmed, admin, now);
        return Outcome.Ok;
    }

    public static Outcome Reject(ThresholdProposal proposal, Actor admin, string? reason, DateTimeOffset now)
    {
        if (AdminGuard.Refusal(admin, "reject threshold changes") is { } refusal)
            return Outcome.Forbidden(refusal);
        if (Undecidable(proposal, now) is { } closed)
            return closed;
        if (proposal.ProposedBy == admin.UserId)
            return Outcome.Forbidden("You proposed this change: withdraw it instead.");
        if (ReasonProblem(reason, "Give a reason for rejecting it: the proposer reads it.") is { } problem)
            return Outcome.Invalid(problem);
        Decide(proposal, ThresholdProposalState.Rejected, admin, now);
        proposal.RejectionReason = reason!.Trim();
        return Outcome.Ok;
    }

    public static Outcome Withdraw(ThresholdProposal proposal, Actor admin, DateTimeOffset now)
    {
        if (AdminGuard.Refusal(admin, "withdraw threshold changes") is { } refusal)
            return Outcome.Forbidden(refusal);
        if (Undecidable(proposal, now) is { } closed)
            return closed;
        if (proposal.ProposedBy != admin.UserId)
            return Outcome.Forbidden("Only the admin who proposed a change withdraws it; reject it with a reason instead.");
        Decide(proposal, ThresholdProposalState.Withdrawn, admin, now);
        return Outcome.Ok;
    }

    /// <summary>A proposal that can no longer be confirmed or rejected: decided already, or past its lifetime.</summary>
    private static Outcome? Undecidable(ThresholdProposal proposal, DateTimeOffset now) =>
        proposal.IsExpiredAt(now)
            ? Outcome.Conflict($"This proposal expired: it was not confirmed within {ThresholdProposal.Lifetime.TotalDays:0} days of being made. " +
                "If the change is still wanted, propose it again.")
            : proposal.State != ThresholdProposalState.Pending ? Outcome.Conflict("This proposal has already been decided.") : null;

    /// <summary>Written so that NaN fails too: every comparison with NaN is false.</summary>
    public static string? ValueProblem(Sector? sector, float value, float currentDefault) => sector is null
        ? !(value >= LowestDefault && value <= ThresholdRule.Highest)
            ? $"The default lies between {Show(LowestDefault)} and {Show(ThresholdRule.Highest)}." : null
        : !(value >= currentDefault && value <= ThresholdRule.Highest)
            ? $"A sector minimum lies between the default {Show(currentDefault)} and {Show(ThresholdRule.Highest)}." : null;

    public static string? ReasonProblem(string? reason, string whenMissing = "Give a reason: it is published with the change.") =>
        string.IsNullOrWhiteSpace(reason) ? whenMissing
        : reason.Trim().Length < ThresholdProposal.MinReasonLength ? $"Give a reason of at least {ThresholdProposal.MinReasonLength} characters."
        : reason.Trim().Length > ThresholdProposal.MaxReasonLength ? $"Keep the reason to at most {ThresholdProposal.MaxReasonLength} characters."
        : null;

    public static string Show(float value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static void Decide(ThresholdProposal proposal, ThresholdProposalState state, Actor admin, DateTimeOffset now)
    {
        proposal.State = state;
        proposal.DecidedBy = admin.UserId;
        proposal.DecidedAt = now;
    }
}
