using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Domain.Faces;
using Portal.Domain.Queue;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// Finds the faces of a probe photo and searches the case's galleries for each face that passed quality,
/// at the threshold the case was submitted with. A face with nothing at or above it gets no candidates:
/// that is an answer, shown as such.
/// </summary>
internal sealed class SearchProbeHandler(
    IDbContextFactory<PortalDbContext> contextFactory,
    FaceCropMaker crops,
    VersionedSearch versioned,
    GalleryAccess access,
    JobGate gate,
    TimeProvider timeProvider) : IJobHandler
{
    public JobKind Kind => JobKind.SearchProbe;

    public async Task RunAsync(RecognitionJob job, ProgressReporter progress, CancellationToken cancellationToken)
    {
        Probe? probe;
        SearchCase? searchCase;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            probe = await db.Probes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == job.SubjectId, cancellationToken);
            searchCase = probe is null ? null
                : await db.Cases.AsNoTracking().Include(c => c.Galleries).FirstOrDefaultAsync(c => c.Id == probe.CaseId, cancellationToken);
        }
        // Gone, or already answered by an earlier run of this job (whose worker died before saying so): the
        // first result set stands, so reviews already made on it are never pulled from under the reviewers.
        if (probe is null || searchCase is null || probe.SearchedAt is not null)
            return;

        // Every face change committed before the submission must be in this process's index before it is searched.
        await versioned.CatchUpAsync(probe.FaceChangePosition, cancellationToken);
        var usable = await access.SearchableAsync(searchCase.OrganisationId, searchCase.Galleries.Select(g => g.GalleryId).ToList(), cancellationToken);
        await versioned.RunAsync(async version =>
        {
            // The probe is embedded with the version of the faces it is compared with: the one this process's index holds.
            using var photo = await crops.AnalyzeAsync(probe.StoredName, FacePipelineVersion.Require(version), cancellationToken);
            await progress(50);
            var (probeFaces, matches) = await SearchAsync(probe, searchCase, photo.Analysis, version, usable, cancellationToken);
            if (matches is null)
                return null;
            var saved = await SaveAsync(probe, searchCase, version, probeFaces, matches, cancellationToken);
            if (saved.Written)
                await crops.StoreAsync(photo, probeFaces, cancellationToken);
            return saved.ActiveVersion;
        }, cancellationToken);
    }

    /// <summary>The probe's faces and, for each that passed quality, its matches; null matches when the index no longer holds <paramref name="version"/>.</summary>
    private async Task<(List<ProbeFace> Faces, List<(ProbeFace Face, IReadOnlyList<FaceMatch> Matches)>? Matches)> SearchAsync(Probe probe,
        SearchCase searchCase, FaceAnalysis analysis, int version, IReadOnlySet<Guid> usable, CancellationToken cancellationToken)
    {
        var probeFaces = new List<ProbeFace>();
        var matches = new List<(ProbeFace Face, IReadOnlyList<FaceMatch> Matches)>();
        var ordinal = 0;
        foreach (var face in analysis.Faces.Where(f => f.Quality.IsFace || f.Quality.Passed))
        {
            var probeFace = new ProbeFace
            {
                ProbeId = probe.Id, Ordinal = ordinal++, X = face.Box.X, Y = face.Box.Y, Width = face.Box.Width, Height = face.Box.Height,
                DetectionScore = face.DetectionScore, PassedQuality = face.Quality.Passed, QualityReasons = string.Join("; ", face.Quality.Reasons),
            };
            probeFaces.Add(probeFace);
            if (!face.Quality.Passed)
                continue;
            var found = await versioned.SearchAsync(version, face.Embedding!, usable, searchCase.TopK, searchCase.Threshold, cancellationToken);
            if (found is null)
                return (probeFaces, null);
            matches.Add((probeFace, found));
        }
        return (probeFaces, matches);
    }

    /// <summary>Whether the results were written, and the active version they were checked against.</summary>
    private sealed record Saved(bool Written, int ActiveVersion);

    /// <summary>
    /// Writes the results, unless another run of this job (one abandoned at its time limit) wrote them first, or the
    /// searched version is no longer the active one (nothing is written then: the caller searches again).
    /// </summary>
    private async Task<Saved> SaveAsync(Probe probe, SearchCase searchCase, int version, List<ProbeFace> probeFaces,
        List<(ProbeFace Face, IReadOnlyList<FaceMatch> Matches)> matches, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        // Checked again under the write lock: the first result set stands, and reviews made on it stay valid.
        if (await db.Probes.AnyAsync(p => p.Id == probe.Id && p.SearchedAt != null, cancellationToken))
            return new Saved(false, version);
        // Under the write lock too, so a switch is wholly before this check or after this commit.
        var active = await PipelineVersions.ActiveAsync(db, cancellationToken);
        if (active != version)
            return new Saved(false, active);
        // A suspension that began while the search ran keeps its results out; the job waits for reinstatement.
        await gate.ConfirmStandingAsync(db, searchCase.OrganisationId, cancellationToken);
        // The galleries were resolved before the analysis: one whose owner was suspended since then is withheld, so its matches are not kept.
        var matched = matches.SelectMany(m => m.Matches.Select(x => x.GalleryId)).Distinct().ToList();
        var searchable = (await GalleryAccess.Searchable(db, searchCase.OrganisationId, matched).ToListAsync(cancellationToken)).ToHashSet();
        var faceIds = matches.SelectMany(m => m.Matches.Select(x => x.FaceId)).Distinct().ToList();
        // A photo moved to the trash since the index was filled is not a candidate (its gallery is already not searchable).
        var images = await db.Faces.Where(f => faceIds.Contains(f.Id) && db.GalleryImages.Any(i => i.Id == f.ImageId && i.TrashedAt == null)).Select(f => new { f.Id, f.ImageId }).ToDictionaryAsync(f => f.Id, f => f.ImageId, cancellationToken);
        // Keyed by the probe: a second run replaces the first run's results (candidates go with their faces).
        // A half-written earlier attempt cannot exist (one transaction), but make the write idempotent anyway.
        await db.ProbeFaces.Where(f => f.ProbeId == probe.Id).ExecuteDeleteAsync(cancellationToken);
        db.ProbeFaces.AddRange(probeFaces);
        foreach (var (face, found) in matches)
        {
            var rank = 1;
            foreach (var match in found.Where(m => images.ContainsKey(m.FaceId) && searchable.Contains(m.GalleryId)))
            {
                db.Candidates.Add(new Candidate
                {
                    ProbeFaceId = face.Id, ProbeId = probe.Id, CaseId = searchCase.Id, OrganisationId = searchCase.OrganisationId,
                    FaceId = match.FaceId, GalleryId = match.GalleryId, ImageId = images[match.FaceId], Rank = rank++,
                    Similarity = match.Similarity, Band = Candidate.BandFor(match.Similarity, searchCase.Threshold), FoundAt = now,
                });
            }
        }
        await db.Probes.Where(p => p.Id == probe.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.SearchedAt, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new Saved(true, version);
    }

    /// <summary>Nothing to write: the case page shows the job's plain <see cref="RecognitionJob.FailureReason"/>.</summary>
    public Task DeadLetteredAsync(RecognitionJob job, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
}
