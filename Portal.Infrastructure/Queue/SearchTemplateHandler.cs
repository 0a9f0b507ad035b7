using Microsoft.EntityFrameworkCore;
using System.Globalization;
using Portal.Domain.Auditing;
using Portal.Domain.Cases;
using Portal.Domain.Faces;
using Portal.Domain.Queue;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Crops;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Galleries;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Queue;

/// <summary>
/// Searches a case's galleries with a person template: the probe photos are analysed again (probe embeddings are never
/// stored), combined by <see cref="TemplateScoring.Chosen"/>, and each candidate keeps every photo's own score so
/// reviewers see which photos support it. The doors are a probe search's (<see cref="SearchProbeHandler"/>): the job
/// gate holds it for a blocked or suspended organisation, and only galleries still searchable at the write are kept.
/// Before searching, the photos must look like one person (<see cref="TemplateAgreement"/>); if not, nothing is searched,
/// the refusal is kept on the template for the case page and audited, and the job ends as done (staff, not the
/// platform, must act: a retry would refuse again).
/// </summary>
internal sealed class SearchTemplateHandler(
    IDbContextFactory<PortalDbContext> contextFactory,
    FaceCropMaker crops,
    VersionedSearch versioned,
    GalleryAccess access,
    JobGate gate,
    AuditLog auditLog,
    TimeProvider timeProvider) : IJobHandler
{
    public JobKind Kind => JobKind.SearchTemplate;

    public async Task RunAsync(RecognitionJob job, ProgressReporter progress, CancellationToken cancellationToken)
    {
        PersonTemplate? template;
        SearchCase? searchCase;
        List<(PersonTemplatePhoto Photo, string StoredName, ProbeFace Face)> photos;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            template = await db.PersonTemplates.AsNoTracking().Include(t => t.Photos).FirstOrDefaultAsync(t => t.Id == job.SubjectId, cancellationToken);
            searchCase = template is null ? null
                : await db.Cases.AsNoTracking().Include(c => c.Galleries).FirstOrDefaultAsync(c => c.Id == template.CaseId, cancellationToken);
            var probeIds = template?.Photos.Select(p => p.ProbeId).ToList() ?? [];
            var rows = await (from probe in db.Probes.AsNoTracking()
                              where probeIds.Contains(probe.Id) && probe.PurgedAt == null
                              join face in db.ProbeFaces.AsNoTracking() on probe.Id equals face.ProbeId
                              select new { probe.Id, probe.StoredName, Face = face }).ToListAsync(cancellationToken);
            photos = template?.Photos.Select(p => (p, rows.FirstOrDefault(r => r.Face.Id == p.ProbeFaceId)))
                .Where(x => x.Item2 is not null).Select(x => (x.p, x.Item2!.StoredName, x.Item2.Face)).ToList() ?? [];
        }
        // Dissolved, or already answered by an earlier run: the first result set stands.
        if (template is null || searchCase is null || template.SearchedAt is not null || template.RefusedAt is not null || photos.Count < PersonTemplate.MinPhotos)
            return;

        await versioned.CatchUpAsync(template.FaceChangePosition, cancellationToken);
        var usable = await access.SearchableAsync(searchCase.OrganisationId, searchCase.Galleries.Select(g => g.GalleryId).ToList(), cancellationToken);
        await versioned.RunAsync(async version =>
        {
            // As for a probe: the photos are embedded with the version of the faces they are compared with.
            var embeddings = new List<float[]>();
            foreach (var (_, storedName, face) in photos)
            {
                embeddings.Add(await EmbedAsync(storedName, face, version, cancellationToken)
                    ?? throw new InvalidOperationException("A template photo's chosen face was not found again."));
                await progress(10 + 60 * embeddings.Count / photos.Count);
            }
            // Checked with this version's embeddings, inside the attempt, so the verdict and a search never mix versions.
            if (TemplateAgreement.Disagreeing(embeddings, searchCase.Threshold) is { } disagreeing)
                return await RefuseAsync(template, searchCase, version, photos.Select(p => p.Face).ToList(), embeddings, disagreeing, cancellationToken);
            var query = TemplateScoring.Chosen == TemplateMethod.MeanEmbedding ? TemplateScoring.Mean(embeddings) : embeddings[0];
            var found = await versioned.SearchAsync(version, query, usable, searchCase.TopK, searchCase.Threshold, cancellationToken);
            return found is null ? null
                : await SaveAsync(template, searchCase, version, photos.Select(p => p.Face).ToList(), embeddings, found, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>
    /// The one place a template photo is analysed, the way <see cref="SearchProbeHandler"/> analyses a probe (so a change
    /// to that call, such as a pipeline version, is made here once). The chosen face is found again by its box.
    /// </summary>
    private async Task<float[]?> EmbedAsync(string storedName, ProbeFace chosen, int version, CancellationToken cancellationToken)
    {
        using var photo = await crops.AnalyzeAsync(storedName, FacePipelineVersion.Require(version), cancellationToken);
        return photo.Analysis.Faces.Where(f => f.Quality.Passed && f.Embedding is not null)
            .MinBy(f => Math.Abs(f.Box.X - chosen.X) + Math.Abs(f.Box.Y - chosen.Y) + Math.Abs(f.Box.Width - chosen.Width) + Math.Abs(f.Box.Height - chosen.Height))
            ?.Embedding;
    }

    /// <summary>
    /// Writes the results unless an earlier run did, or <paramref name="version"/> is no longer active (a switch
    /// committed meanwhile; nothing is written). Returns the active version it checked against.
    /// </summary>
    private async Task<int> SaveAsync(PersonTemplate template, SearchCase searchCase, int version, List<ProbeFace> faces, List<float[]> embeddings,
        IReadOnlyList<FaceMatch> found, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (!await db.PersonTemplates.AnyAsync(t => t.Id == template.Id && t.SearchedAt == null && t.RefusedAt == null, cancellationToken))
            return version;
        // Under the write lock, so a switch is wholly before this check or after this commit.
        var active = await PipelineVersions.ActiveAsync(db, cancellationToken);
        if (active != version)
            return active;
        await gate.ConfirmStandingAsync(db, searchCase.OrganisationId, cancellationToken);
        var matched = found.Select(m => m.GalleryId).Distinct().ToList();
        var searchable = (await GalleryAccess.Searchable(db, searchCase.OrganisationId, matched).ToListAsync(cancellationToken)).ToHashSet();
        var faceIds = found.Select(m => m.FaceId).ToList();
        var stored = await db.Faces.AsNoTracking().Where(f => faceIds.Contains(f.Id) && db.GalleryImages.Any(i => i.Id == f.ImageId && i.TrashedAt == null))
            .ToDictionaryAsync(f => f.Id, cancellationToken);
        var rank = 1;
        foreach (var match in found.Where(m => stored.ContainsKey(m.FaceId) && searchable.Contains(m.GalleryId)))
        {
            var perPhoto = TemplateScoring.PerPhoto(embeddings, stored[match.FaceId].EmbeddingVector());
            var strongest = Array.IndexOf(perPhoto, perPhoto.Max());
            var candidate = new Candidate
            {
                ProbeFaceId = faces[strongest].Id, ProbeId = faces[strongest].ProbeId, TemplateId = template.Id, CaseId = searchCase.Id,
                OrganisationId = searchCase.OrganisationId, FaceId = match.FaceId, GalleryId = match.GalleryId, ImageId = stored[match.FaceId].ImageId,
                Rank = rank++, Similarity = match.Similarity, Band = Candidate.BandFor(match.Similarity, searchCase.Threshold), FoundAt = now,
            };
            db.Candidates.Add(candidate);
            db.CandidateSupports.AddRange(faces.Select((face, i) => new CandidateSupport
            {
                CandidateId = candidate.Id, ProbeId = face.ProbeId, Similarity = perPhoto[i], AtOrAboveThreshold = perPhoto[i] >= searchCase.Threshold,
            }));
        }
        await db.PersonTemplates.Where(t => t.Id == template.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.SearchedAt, now), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    /// <summary>
    /// Keeps the refusal on the template and audits it, unless an earlier run answered or <paramref name="version"/> is no
    /// longer active (as <see cref="SaveAsync"/>: the verdict is then reached again with the active version's embeddings).
    /// </summary>
    private async Task<int> RefuseAsync(PersonTemplate template, SearchCase searchCase, int version, List<ProbeFace> faces, List<float[]> embeddings,
        (int Photo, float Score) disagreeing, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        if (!await db.PersonTemplates.AnyAsync(t => t.Id == template.Id && t.SearchedAt == null && t.RefusedAt == null, cancellationToken))
            return version;
        var active = await PipelineVersions.ActiveAsync(db, cancellationToken);
        if (active != version)
            return active;
        var probeId = faces[disagreeing.Photo].ProbeId;
        await db.PersonTemplates.Where(t => t.Id == template.Id).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.RefusedAt, timeProvider.GetUtcNow())
            .SetProperty(t => t.RefusedProbeId, probeId)
            .SetProperty(t => t.RefusedScore, disagreeing.Score), cancellationToken);
        // Ids and scores only (ADR 0010): the label and the photos' names may name the person.
        var scores = TemplateAgreement.LeaveOneOut(embeddings)
            .Select((score, i) => string.Create(CultureInfo.InvariantCulture, $"probe {faces[i].ProbeId} {score:0.000}"));
        await auditLog.AppendWithinAsync(db, "system", AuditActions.TemplateDisagreed, $"template:{template.Id}",
            string.Create(CultureInfo.InvariantCulture,
                $"case {searchCase.Id}; not searched: probe {probeId} scores {disagreeing.Score:0.000} against the others, below the threshold {searchCase.Threshold:0.00}; each photo against the others: {string.Join(", ", scores)}; pipeline version {version}"),
            searchCase.OrganisationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    /// <summary>Nothing to write: the case page shows the job's plain <see cref="RecognitionJob.FailureReason"/>.</summary>
    public Task DeadLetteredAsync(RecognitionJob job, string reason, CancellationToken cancellationToken) => Task.CompletedTask;
}
