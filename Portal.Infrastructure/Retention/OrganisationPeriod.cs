using Portal.Domain.Retention;

namespace Portal.Infrastructure.Retention;

/// <summary>An organisation's period for one kind: the platform's maximum and its own shorter one, if set.</summary>
public sealed record OrganisationPeriod(DataKind Kind, int PlatformDays, int? OwnDays)
{
    public int EffectiveDays => RetentionPolicy.EffectiveDays(PlatformDays, OwnDays);
}
