using System.ComponentModel.DataAnnotations;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Organisations;

namespace Portal.Web.Components.Partners;

/// <summary>The application form's fields, each with the message a person sees when it is wrong.</summary>
/// <remarks>
/// Every rule is a property rule: object-level rules run only once all property rules pass, and a person
/// should see every problem at the first attempt.
/// </remarks>
public sealed class PartnerApplicationInput
{
    [Required(ErrorMessage = "Enter the organisation's legal name.")]
    [StringLength(200, MinimumLength = 2, ErrorMessage = "The legal name must be 2 to 200 characters.")]
    public string LegalName { get; set; } = "";

    [Required(ErrorMessage = "Choose the sector the organisation works in.")]
    [EnumDataType(typeof(Sector), ErrorMessage = "Choose one of the listed sectors.")]
    public Sector? Sector { get; set; }

    [Required(ErrorMessage = "Enter the country where the organisation is registered.")]
    [StringLength(100, ErrorMessage = "The country must be at most 100 characters.")]
    public string Country { get; set; } = "";

    [Required(ErrorMessage = "Enter the organisation's website.")]
    [Url(ErrorMessage = "Enter the website as a full address, starting with https://.")]
    [StringLength(300, ErrorMessage = "The website address must be at most 300 characters.")]
    public string Website { get; set; } = "";

    [Required(ErrorMessage = "Enter the name of the contact person.")]
    [StringLength(200, ErrorMessage = "The contact person's name must be at most 200 characters.")]
    public string ContactPerson { get; set; } = "";

    [Required(ErrorMessage = "Describe the organisation's mission.")]
    [StringLength(4000, MinimumLength = 50, ErrorMessage = "Describe the mission in 50 to 4000 characters.")]
    public string MissionStatement { get; set; } = "";

    [AtLeastOnePurpose]
    public bool MissingChild { get; set; }
    public bool TraffickingVictim { get; set; }
    public bool DisasterReunification { get; set; }
    public bool UnidentifiedDeceased { get; set; }

    [Range(typeof(bool), "true", "true", ErrorMessage = "Accept the data-use agreement to apply.")]
    public bool AcceptsAgreement { get; set; }

    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address.")]
    [StringLength(256, ErrorMessage = "The email address must be at most 256 characters.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(200, MinimumLength = 12, ErrorMessage = "The password needs at least 12 characters.")]
    public string Password { get; set; } = "";

    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    public string ConfirmPassword { get; set; } = "";

    public Purpose RequestedPurposes =>
        (MissingChild ? Purpose.MissingChild : Purpose.None)
        | (TraffickingVictim ? Purpose.TraffickingVictim : Purpose.None)
        | (DisasterReunification ? Purpose.DisasterReunification : Purpose.None)
        | (UnidentifiedDeceased ? Purpose.UnidentifiedDeceased : Purpose.None);

    public PartnerApplication ToApplication() => new(LegalName, Sector!.Value, Country, Website, ContactPerson,
        MissionStatement, RequestedPurposes, AcceptsAgreement ? DataUseAgreement.CurrentVersion : "", Email.Trim(), Password);
}

/// <summary>At least one of the four purpose boxes is ticked; shown under the purposes.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AtLeastOnePurposeAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        validationContext.ObjectInstance is PartnerApplicationInput { RequestedPurposes: Purpose.None }
            ? new ValidationResult("Choose at least one purpose.", [validationContext.MemberName!])
            : ValidationResult.Success;
}
