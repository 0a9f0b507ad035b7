using System.Runtime.CompilerServices;
using Portal.Domain.Organisations;

namespace Portal.Tests.Domain;

/// <summary>
/// Issue 17: the transparency report counts each event under its organisation's sector as read today, which is the
/// sector it had at the time only because a sector cannot change once the organisation has applied.
/// </summary>
public sealed class OrganisationSectorTests
{
    [Fact]
    public void AnOrganisationsSectorIsSetOnlyWhenItIsCreated()
    {
        var setter = typeof(Organisation).GetProperty(nameof(Organisation.Sector))!.SetMethod!;
        Assert.Contains(typeof(IsExternalInit), setter.ReturnParameter.GetRequiredCustomModifiers());
    }
}
