using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Faces;
using Portal.Domain.Lifecycle;
using Portal.Infrastructure.Auditing;
using Portal.Infrastructure.Common;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Imaging;
using Portal.Infrastructure.Options;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Lifecycle.Subjects;

/// <summary>How many stored faces a search found, and how many of them were not listed yet.</summary>
public sealed record SubjectSearchResult(int Found, int Added);

/// <summary>
/// Searches a request's galleries with one photo of the person. The photo is read into memory (never to disk), decoded by
/// the same safe reader as probe uploads, analysed and dropped: no file, no row and no embedding of it is kept. It must
/// show exactly one usable face. Every stored face at or above the request's threshold is listed (k covers the whole
/// index), after this process's replica has applied every face change committed before the search, as a probe search waits.
/// </summary>
public sealed class SubjectPhotoSearch(
    IDbContextFactory<PortalDbContext> contextFactory,
    SubjectRequestAccess access,
    FacePipeline pipeline,
    IFaceIndex index,
    FaceIndexReplica replica,
    IOptions<FaceIndexOptions> indexOptions,
    IOptions<UploadOptions> uploadOptions,
    AuditLog auditLog,
    Notifier<SubjectRequestsChanged> changes)
{
    public async Task<Outcome<SubjectSearchResult>> SearchAsync(Actor actor, Guid requestId, Stream photo, long? declaredBytes = null,
        CancellationToken cancellationToken = default)
    {
        if (await access.AdminAsync(actor, cancellationToken) is not { } admin)
            return Outcome<SubjectSearchResult>.Forbidden(SubjectRequestAccess.Refusal);
        SubjectDeletionRequest? request;
        HashSet<Guid> galleries;
        long position;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            request = await SubjectRequestAccess.Visible(db, admin).AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
            if (request is null)
                return Outcome<SubjectSearchResult>.NotFound();
            if (SubjectDeletionRules.CanSearch(request.State) is { Succeeded: false } closed)
                return closed.As<SubjectSearchResult>();
            galleries = (await SubjectRequestAccess.GalleriesInScope(db, request).ToListAsync(cancellationToken)).ToHashSet();
            position = await FaceChangeLog.CommittedPositionAsync(db, cancellationToken);
        }
        var embedding = await UsableFaceAsync(actor, request, photo, declaredBytes, cancellationToken);
        if (!embedding.Succeeded)
            return embedding.As<SubjectSearchResult>();
        var bound = indexOptions.Value.SearchWaitBound;
        if (!await replica.WaitForAsync(position, bound, cancellationToken))
            return Outcome<SubjectSearchResult>.Conflict("The search index is still catching up with recent changes; search again in a minute.");
        // Every face at or above the threshold, not a top ten: k is the size of the whole index.
        var found = index.Search(embedding.Value!, galleries, Math.Max(1, index.Count), request.Threshold);
        return await SaveAsync(actor, request, galleries, found, cancellationToken);
    }

    /// <summary>The one usable face's embedding, or the refusal (audited, with its reason only).</summary>
    private async Task<Outcome<float[]>> UsableFaceAsync(Actor actor, SubjectDeletionRequest request, Stream photo, long? declaredBytes,
        CancellationToken cancellationToken)
    {
        string refusal;
        try
        {
            using var buffer = declaredBytes > uploadOptions.Value.MaxFileBytes ? null : await ReadLimitedAsync(photo, cancellationToken);
            if (buffer is null)
                refusal = $"The file is larger than {uploadOptions.Value.MaxFileMegabytes} MB.";
            else if (buffer.Length == 0)
                refusal = "The file is empty.";
            else
            {
                var faces = (await pipeline.AnalyzeAsync(buffer, cancellationToken)).Faces.Where(f => f.Quality.IsFace).ToList();
                refusal = faces.Count switch
                {
                    0 => "No face was found in the photo. Use a clear photo of the person's face.",
                    > 1 => $"The photo shows {faces.Count} faces. Use a photo of the person alone, or crop it to their face.",
                    _ when !faces[0].Quality.Passed => $"The face is not clear enough to compare: {string.Join("; ", faces[0].Quality.Reasons)}.",
                    _ => "",
                };
                if (refusal == "")
                    return Outcome<float[]>.Ok(faces[0].Embedding!);
            }
        }
        catch (ImageRejectedException rejected)
        {
            refusal = rejected.Reason;
        }
        catch (RecognitionUnavailableException)
        {
            refusal = "Face recognition is unavailable right now (the models are missing or altered); try again later.";
        }
        await auditLog.RecordAsync(actor.Name, AuditActions.SubjectRequestPhotoRefused, SubjectDeletionRequests.Target(request.Id),
            $"photo refused: {refusal}", request.OrganisationId, CancellationToken.None);
        return Outcome<float[]>.Invalid(refusal);
    }

    /// <summary>The photo in memory, at most the upload limit; null when it is larger.</summary>
    private async Task<MemoryStream?> ReadLimitedAsync(Stream photo, CancellationToken cancellationToken)
    {
        var limit = uploadOptions.Value.MaxFileBytes;
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await photo.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                await buffer.DisposeAsync();
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }

    private async Task<Outcome<SubjectSearchResult>> SaveAsync(Actor actor, SubjectDeletionRequest searched, HashSet<Guid> galleries,
        IReadOnlyList<FaceMatch> found, CancellationToken cancellationToken)
    {
        int added;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var request = await db.SubjectDeletionRequests.FirstAsync(r => r.Id == searched.Id, cancellationToken);
            if (SubjectDeletionRules.CanSearch(request.State) is { Succeeded: false } closed)
                return closed.As<SubjectSearchResult>();
            var ids = found.Select(m => m.FaceId).ToList();
            // Faces still stored, in a gallery of the scope: the row names the photo and its owner.
            var rows = await (from face in db.Faces
                              join gallery in db.Galleries on face.GalleryId equals gallery.Id
                              where ids.Contains(face.Id)
                              select new { face.Id, face.ImageId, face.GalleryId, gallery.OrganisationId }).ToDictionaryAsync(f => f.Id, cancellationToken);
            var listed = await db.SubjectDeletionMatches.Where(m => m.RequestId == request.Id).ToDictionaryAsync(m => m.FaceId, cancellationToken);
            added = 0;
            foreach (var match in found.Where(m => rows.ContainsKey(m.FaceId) && galleries.Contains(rows[m.FaceId].GalleryId)))
            {
                if (listed.TryGetValue(match.FaceId, out var existing))
                {
                    existing.Similarity = Math.Max(existing.Similarity, match.Similarity);
                    continue;
                }
                var row = rows[match.FaceId];
                db.SubjectDeletionMatches.Add(new SubjectDeletionMatch
                {
                    RequestId = request.Id, FaceId = match.FaceId, GalleryId = row.GalleryId, ImageId = row.ImageId, OrganisationId = row.OrganisationId,
                    Similarity = match.Similarity, Selected = true,
                });
                added++;
            }
            request.State = SubjectRequestState.Matched;
            request.PhotosSearched++;
            await auditLog.AppendWithinAsync(db, actor.Name, AuditActions.SubjectRequestSearched, SubjectDeletionRequests.Target(request.Id),
                $"photo {request.PhotosSearched} searched in {galleries.Count} gallery(ies) at {request.Threshold:0.000}: {found.Count} face(s) found, {added} new",
                request.OrganisationId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await changes.PublishAsync(new SubjectRequestsChanged(searched.Id));
        return Outcome<SubjectSearchResult>.Ok(new SubjectSearchResult(found.Count, added));
    }
}
