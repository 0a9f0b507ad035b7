using Portal.Domain.Organisations;
using Portal.Infrastructure.Organisations;

namespace Portal.Tests.Support;

/// <summary>Valid partner applications for tests.</summary>
public static class Applicants
{
    public const string Password = "applicant-password-1";

    public static PartnerApplication Application(string name, string email, Sector sector = Sector.HumanitarianReunification,
        Purpose purposes = Purpose.DisasterReunification | Purpose.MissingChild) => new(
        name, sector, "Kenya", "https://example.org", "Amina Odhiambo",
        "We reunite families separated by floods and conflict across East Africa, working with the Red Cross.",
        purposes, DataUseAgreement.CurrentVersion, email, Password);
}
