namespace Portal.Benchmarks.Support;

/// <summary>
/// --provider Sqlite|PostgreSQL [--connection "Host=…;Database=…"]: the database a command runs on. The default is a
/// SQLite file in the command's temporary folder; PostgreSQL needs an empty database of its own.
/// </summary>
internal static class DatabaseArguments
{
    public static IReadOnlyDictionary<string, string?> Settings(Arguments arguments)
    {
        var provider = arguments.Optional("provider") ?? "Sqlite";
        if (provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            return new Dictionary<string, string?>();
        if (!provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"--provider is Sqlite or PostgreSQL, not '{provider}'.");
        return new Dictionary<string, string?>
        {
            ["Portal:Database:Provider"] = "PostgreSQL",
            ["ConnectionStrings:Portal"] = arguments.Required("connection"),
        };
    }
}
