namespace Portal.Domain.Organisations;

/// <summary>The data-use agreement an applicant accepts. A new text gets a new version; acceptance records which.</summary>
public static class DataUseAgreement
{
    public const string CurrentVersion = "2026-11";

    public static IReadOnlyList<string> Clauses { get; } =
    [
        "Purpose. We will search only for the purposes the platform grants us, and state the purpose and a case reference on every search.",
        "Leads, not identifications. A candidate is an investigative lead. We will not treat it as an identification, and no candidate will be the sole basis for any action concerning a person.",
        "Human review. Every candidate is reviewed by two trained people of our organisation who did not submit the search; we record their decisions in the portal.",
        "Who searches. Only our staff with a named account search; accounts are personal and never shared. We remove people who leave at once.",
        "Probe photos. We upload only photos we are lawfully allowed to use for the stated purpose, and nothing else.",
        "Retention. Probe photos, face data and results are deleted on the published retention schedule; we keep no copies outside the portal beyond what a case file lawfully requires.",
        "Moratoria. We accept that the platform may block our sector from searching for a period, and that queued work is held until the block ends.",
        "Audit. Every search, view of results and review decision is recorded; the platform and regulators may inspect these records.",
        "Suspension. The platform may suspend our access at once if these terms are broken or a regulator requires it.",
    ];
}
