namespace Portal.Tests.Support;

/// <summary>
/// The database a test runs the portal on: SQLite (the default) or a fresh PostgreSQL database on the test
/// cluster. Its settings go to <see cref="InfrastructureHost"/> or <see cref="PortalFactory"/>.
/// </summary>
public sealed record TestDatabase(string Name, IReadOnlyDictionary<string, string?> Settings)
{
    public static TestDatabase Sqlite { get; } = new("SQLite", new Dictionary<string, string?>());

    /// <summary>A new, empty PostgreSQL database (use in a <see cref="PostgreSqlFactAttribute"/> test).</summary>
    public static async Task<TestDatabase> PostgreSqlAsync() => new("PostgreSQL", new Dictionary<string, string?>
    {
        ["Portal:Database:Provider"] = "PostgreSQL",
        ["ConnectionStrings:Portal"] = await PostgreSqlCluster.CreateDatabaseAsync(),
    });

    public override string ToString() => Name;
}
