namespace Portal.Domain.Auditing;

/// <summary>Names of audited actions. Stable strings: they are filtered on and exported.</summary>
public static class AuditActions
{
    public const string SignIn = "auth.sign-in";
    public const string SignInFailed = "auth.sign-in-failed";
    public const string Lockout = "auth.lockout";
    public const string SignOut = "auth.sign-out";
    public const string TwoFactorEnabled = "auth.2fa-enabled";
    public const string TwoFactorDisabled = "auth.2fa-disabled";
    public const string PasswordChanged = "auth.password-changed";
    public const string UserCreated = "user.created";
    public const string RolesChanged = "user.roles-changed";
    public const string UserOrganisationChanged = "user.organisation-changed";
}
