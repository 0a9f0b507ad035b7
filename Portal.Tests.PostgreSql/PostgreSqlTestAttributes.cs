using Portal.Tests.Support;

// Compiled only into Portal.Tests.PostgreSql. A test's [Fact] or [Theory] binds to these rather than to Xunit's,
// because C# looks in the enclosing namespaces (Portal.Tests) before the global using Xunit; so every linked test
// skips with the cluster's message where the server binaries are absent, without an edit to any test class.
// Not sealed: FaceFact, FaceTheory and PostgreSqlFact derive from them here, and their own skip reasons still apply.
namespace Portal.Tests;

/// <summary>A fact of the PostgreSQL assembly: skipped, saying why, where PostgreSQL is not installed.</summary>
#pragma warning disable CA1813 // Unsealed on purpose: the suite's own fact attributes derive from it.
public class FactAttribute : Xunit.FactAttribute
{
    public FactAttribute()
    {
        if (!PostgreSqlCluster.Available)
            Skip = PostgreSqlCluster.MissingMessage;
    }
}

/// <summary>A theory of the PostgreSQL assembly: skipped, saying why, where PostgreSQL is not installed.</summary>
public class TheoryAttribute : Xunit.TheoryAttribute
{
    public TheoryAttribute()
    {
        if (!PostgreSqlCluster.Available)
            Skip = PostgreSqlCluster.MissingMessage;
    }
}
#pragma warning restore CA1813
