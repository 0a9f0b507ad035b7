using System.ComponentModel.DataAnnotations;

namespace Portal.Infrastructure.Options;

public enum DatabaseProvider
{
    /// <summary>One file under the data directory: runs with nothing installed, one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server named by <c>ConnectionStrings:Portal</c>: many processes, many machines.</summary>
    PostgreSQL,
}

/// <summary>Section "Portal:Database": which database the portal keeps its data in.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Portal:Database";
    public const string ConnectionStringName = "Portal";

    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Read from <c>ConnectionStrings:Portal</c>, the place hosts and operators look for one; the setter is not
    /// public so the binder never takes it from this section as well.
    /// </summary>
    public string? ConnectionString { get; internal set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == DatabaseProvider.PostgreSQL && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult(
                $"ConnectionStrings:{ConnectionStringName} is required when {Section}:Provider is PostgreSQL " +
                "(e.g. \"Host=db.example;Database=portal;Username=portal;Password=…\").",
                [nameof(ConnectionString)]);
    }
}
