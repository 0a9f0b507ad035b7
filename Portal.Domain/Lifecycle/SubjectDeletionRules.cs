using Portal.Domain.Common;

namespace Portal.Domain.Lifecycle;

/// <summary>The state machine of a subject's deletion request and the checks on what an admin records.</summary>
public static class SubjectDeletionRules
{
    public static Outcome CheckRecord(string? requester, string? reference)
    {
        if (string.IsNullOrWhiteSpace(requester))
            return Outcome.Invalid("Say who asked for the deletion (for example \"the subject's mother\" or their lawyer).");
        if (requester.Trim().Length > SubjectDeletionRequest.MaxRequesterLength)
            return Outcome.Invalid($"Who asked: at most {SubjectDeletionRequest.MaxRequesterLength} characters.");
        if (string.IsNullOrWhiteSpace(reference))
            return Outcome.Invalid("Give the request's reference (for example its ticket number).");
        if (reference.Trim().Length > SubjectDeletionRequest.MaxReferenceLength)
            return Outcome.Invalid($"The reference: at most {SubjectDeletionRequest.MaxReferenceLength} characters.");
        return Outcome.Ok;
    }

    /// <summary>Photos can be searched until the request is confirmed or cancelled; each adds matches.</summary>
    public static Outcome CanSearch(SubjectRequestState state) => Open(state, "searched");

    public static Outcome CanSelect(SubjectRequestState state) => state switch
    {
        SubjectRequestState.Matched => Outcome.Ok,
        SubjectRequestState.Recorded => Outcome.Conflict("Search with a photo of the person first."),
        _ => Open(state, "changed"),
    };

    public static Outcome CanConfirm(SubjectRequestState state) => state switch
    {
        SubjectRequestState.Matched => Outcome.Ok,
        SubjectRequestState.Recorded => Outcome.Conflict("Search with a photo of the person first."),
        _ => Open(state, "confirmed"),
    };

    public static Outcome CanCancel(SubjectRequestState state) => Open(state, "cancelled");

    /// <summary>Confirmed becomes Completed when every erasure it staged has completed (none staged: everything was held).</summary>
    public static SubjectRequestState Effective(SubjectRequestState stored, int erasures, int completed) =>
        stored == SubjectRequestState.Confirmed && completed == erasures ? SubjectRequestState.Completed : stored;

    public static string Label(this SubjectRequestState state) => state switch
    {
        SubjectRequestState.Recorded => "Recorded: search with a photo",
        SubjectRequestState.Matched => "Matches listed: waiting for confirmation",
        SubjectRequestState.Confirmed => "Confirmed: being deleted",
        SubjectRequestState.Completed => "Completed",
        SubjectRequestState.Cancelled => "Cancelled",
        _ => state.ToString(),
    };

    public static string Label(this SubjectRequestReach reach) => reach switch
    {
        SubjectRequestReach.Organisation => "Every gallery of the organisation",
        SubjectRequestReach.Galleries => "Chosen galleries",
        SubjectRequestReach.Everywhere => "Every organisation",
        _ => reach.ToString(),
    };

    private static Outcome Open(SubjectRequestState state, string verb) => state switch
    {
        SubjectRequestState.Recorded or SubjectRequestState.Matched => Outcome.Ok,
        SubjectRequestState.Cancelled => Outcome.Conflict($"The request was cancelled; it can no longer be {verb}."),
        _ => Outcome.Conflict($"The request is confirmed; it can no longer be {verb}."),
    };
}
