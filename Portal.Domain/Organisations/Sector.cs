namespace Portal.Domain.Organisations;

/// <summary>The sector an organisation works in; moratoria and minimum thresholds are set per sector.</summary>
public enum Sector
{
    ChildProtectionNonprofit,
    AntiTraffickingNonprofit,
    HumanitarianReunification,
    Research,
    LawEnforcement,
    OtherGovernment,
    Other,
}
