using Portal.Domain.Identity;

namespace Portal.Tests.Domain;

public sealed class MembershipRulesTests
{
    private static readonly Guid Organisation = Guid.NewGuid();

    [Theory]
    [InlineData(new[] { Roles.PartnerStaff }, true)]
    [InlineData(new[] { Roles.Reviewer }, true)]
    [InlineData(new[] { Roles.PartnerStaff, Roles.Reviewer }, true)]
    [InlineData(new[] { Roles.PlatformAdmin }, false)]
    public void AllowsValidCombinations(string[] roles, bool withOrganisation) =>
        Assert.Null(MembershipRules.Check(roles, withOrganisation ? Organisation : null));

    [Fact]
    public void RefusesPartnerRolesWithoutAnOrganisation() =>
        Assert.Equal("Partner staff and reviewers must belong to an organisation.", MembershipRules.Check([Roles.Reviewer], null));

    [Fact]
    public void RefusesAnOrganisationForAnAdminOnlyAccount() =>
        Assert.NotNull(MembershipRules.Check([Roles.PlatformAdmin], Organisation));

    [Fact]
    public void RefusesNoRoleAndUnknownRoles()
    {
        Assert.Equal("Choose at least one role.", MembershipRules.Check([], null));
        Assert.Contains("'Superuser' is not a role", MembershipRules.Check(["Superuser"], null));
    }
}
