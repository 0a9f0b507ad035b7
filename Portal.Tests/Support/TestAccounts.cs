namespace Portal.Tests.Support;

/// <summary>Accounts every test host seeds. Passwords here are test data, never used outside tests.</summary>
public static class TestAccounts
{
    public const string AdminEmail = "admin@reunite.test";
    public const string AdminPassword = "admin-password-for-tests";
    public const string DemoPassword = "demo-password-for-tests";

    public const string ThornStaff = "staff@thorn.example";
    public const string ThornReviewer = "reviewer@thorn.example";
    public const string ThornSecondReviewer = "reviewer2@thorn.example";
    public const string IcmecStaff = "staff@icmec.example";
    public const string PoliceStaff = "staff@metropd.example";
}
