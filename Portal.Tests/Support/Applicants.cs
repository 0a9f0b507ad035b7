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

    /// <summary>The application form's fields as a browser posts them, for the same valid application.</summary>
    public static Dictionary<string, string> FormFields(string name, string email) => new()
    {
        ["Model.LegalName"] = name,
        ["Model.Sector"] = "HumanitarianReunification",
        ["Model.Country"] = "Kenya",
        ["Model.Website"] = "https://example.org",
        ["Model.ContactPerson"] = "Amina Odhiambo",
        ["Model.MissionStatement"] = "We reunite families separated by floods and conflict across East Africa.",
        ["Model.MissingChild"] = "true",
        ["Model.AcceptsAgreement"] = "true",
        ["Model.Email"] = email,
        ["Model.Password"] = Password,
        ["Model.ConfirmPassword"] = Password,
    };
}
