namespace Portal.Web.Authorization;

/// <summary>
/// Named authorization policies. Pages carry them in [Authorize], so the server refuses a page
/// whether it is typed in, linked or reached by interactive navigation.
/// </summary>
public static class Policies
{
    /// <summary>Admin pages: the admin role, and an enrolled authenticator where required.</summary>
    public const string PlatformAdmin = nameof(PlatformAdmin);

    /// <summary>Shows the admin section in the navigation (the page itself still checks <see cref="PlatformAdmin"/>).</summary>
    public const string AdminArea = nameof(AdminArea);

    /// <summary>Search features: partner staff of an approved organisation.</summary>
    public const string PartnerStaff = nameof(PartnerStaff);

    /// <summary>Review features: reviewers of an approved organisation.</summary>
    public const string Reviewer = nameof(Reviewer);

    /// <summary>Staff or reviewers of an approved organisation: what result and review pages need (face crops).</summary>
    public const string PartnerMember = nameof(PartnerMember);

    /// <summary>Managing one's own organisation's members: its admin, while it is approved.</summary>
    public const string OrganisationAdmin = nameof(OrganisationAdmin);

    /// <summary>Subjects' deletion requests: an organisation's admin (its own organisation) or a platform admin (every one).</summary>
    public const string DeletionRequests = nameof(DeletionRequests);
    /// <summary>Deletion certificates: platform admins (all) and organisation admins (their own; the service checks which).</summary>
    public const string DeletionCertificates = nameof(DeletionCertificates);
}
