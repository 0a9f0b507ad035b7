namespace Portal.Domain.Organisations;

/// <summary>An invitation's state as the organisation's admin reads it in the members page.</summary>
public static class InvitationStateLabels
{
    public static string Label(this InvitationState state) => state switch
    {
        InvitationState.Open => "Open",
        InvitationState.Accepted => "Accepted",
        InvitationState.Revoked => "Revoked",
        InvitationState.Expired => "Expired",
        _ => state.ToString(),
    };
}
