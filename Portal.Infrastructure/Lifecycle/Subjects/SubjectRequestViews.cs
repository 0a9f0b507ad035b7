using Portal.Domain.Lifecycle;

namespace Portal.Infrastructure.Lifecycle.Subjects;

/// <summary>What an admin records: where to look, who asked and the reference.</summary>
public sealed record NewSubjectRequest(SubjectRequestReach Reach, Guid? OrganisationId, IReadOnlyList<Guid> Galleries, string? Requester, string? Reference);

/// <summary>A request as the list shows it; <see cref="State"/> is the effective one (Completed once every erasure completed).</summary>
public sealed record SubjectRequestRow(Guid Id, string Reference, string Requester, string Where, SubjectRequestState State,
    DateTimeOffset RecordedAt, int Matches);

/// <summary>One match, with what the admin needs to decide: where it is, how similar, and what else its photo holds.</summary>
public sealed record SubjectMatchView(long Id, Guid FaceId, Guid ImageId, string GalleryName, string OrganisationName, float Similarity,
    int OtherFaces, bool Selected, Guid? HeldBy, bool Gone)
{
    public bool Held => HeldBy is not null;
}

/// <summary>One organisation's erasure of a confirmed request: its record (for the certificate link) and whether it completed.</summary>
public sealed record SubjectErasureView(Guid RecordId, string OrganisationName, int Photos, int Faces, DateTimeOffset? CompletedAt);

/// <summary>The detail page's whole read.</summary>
public sealed record SubjectRequestDetails(SubjectDeletionRequest Request, SubjectRequestState State, string Where, string RecordedByName,
    IReadOnlyList<SubjectMatchView> Matches, IReadOnlyList<SubjectErasureView> Erasures, bool ShowOrganisations);

/// <summary>What confirming erases: the selected photos, every face in them, across how many organisations; and what holds keep.</summary>
public sealed record SubjectDeletionCounts(int Photos, int Faces, int Organisations, int Held);

/// <summary>A gallery an admin can pick for a request.</summary>
public sealed record SubjectGalleryOption(Guid Id, string Name, Guid OrganisationId, string OrganisationName);

/// <summary>Published after a request changed (recorded, searched, selected, confirmed, cancelled), so open pages re-read.</summary>
public sealed record SubjectRequestsChanged(Guid RequestId);
