using Portal.Domain.Organisations;
using Portal.Tests.Support;

namespace Portal.Tests.Repository;

/// <summary>Numbers the README states next to the constant that sets them: a change to the constant fails here until the README follows.</summary>
public sealed class ReadmeFactsTests
{
    private static string Readme { get; } = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));

    [Fact]
    public void TheReadmeStatesTheInvitationLifetimeTheCodeSets() =>
        Assert.Contains($"valid for {Invitation.LifetimeInWords} (`Invitation.Lifetime`)", Readme, StringComparison.Ordinal);
}
