namespace Portal.Domain.Lifecycle;

/// <summary>
/// Which holds keep a thing: a case is kept by a hold on the case or on its organisation, a gallery by a hold on the
/// gallery or on its organisation. Pure, over holds the caller read, so the purge engine and the hold pages agree.
/// Only holds in force count (<see cref="HoldRules.IsActive"/>): a pending or released hold keeps nothing.
/// </summary>
public static class HoldCoverage
{
    public static IReadOnlyList<LegalHold> ForOrganisation(IEnumerable<LegalHold> holds, Guid organisationId) =>
        Active(holds).Where(h => OnOrganisation(h, organisationId)).ToList();

    public static IReadOnlyList<LegalHold> ForCase(IEnumerable<LegalHold> holds, Guid caseId, Guid organisationId) =>
        Active(holds).Where(h => (h.Scope == HoldScope.Case && h.TargetId == caseId) || OnOrganisation(h, organisationId)).ToList();

    public static IReadOnlyList<LegalHold> ForGallery(IEnumerable<LegalHold> holds, Guid galleryId, Guid organisationId) =>
        Active(holds).Where(h => (h.Scope == HoldScope.Gallery && h.TargetId == galleryId) || OnOrganisation(h, organisationId)).ToList();

    public static bool IsCaseHeld(IEnumerable<LegalHold> holds, Guid caseId, Guid organisationId) =>
        ForCase(holds, caseId, organisationId).Count > 0;

    public static bool IsGalleryHeld(IEnumerable<LegalHold> holds, Guid galleryId, Guid organisationId) =>
        ForGallery(holds, galleryId, organisationId).Count > 0;

    private static IEnumerable<LegalHold> Active(IEnumerable<LegalHold> holds) => holds.Where(HoldRules.IsActive);

    private static bool OnOrganisation(LegalHold hold, Guid organisationId) =>
        hold.Scope == HoldScope.Organisation && hold.TargetId == organisationId;
}
