namespace Portal.Infrastructure.Seeding;

/// <summary>What seeding did that a person starting the portal needs to know.</summary>
public sealed record SeedReport(
    string AdminEmail,
    string? GeneratedAdminPassword,
    IReadOnlyList<DemoAccount> DemoAccounts,
    string? DemoPassword);

public sealed record DemoAccount(string Email, string Roles, string Organisation);
