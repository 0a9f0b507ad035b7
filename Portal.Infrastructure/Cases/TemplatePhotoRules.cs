using Microsoft.EntityFrameworkCore;
using Portal.Domain.Cases;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Cases;

/// <summary>Which face of each marked photo is the person, or why the photos cannot form a template.</summary>
internal static class TemplatePhotoRules
{
    public sealed record ChosenFace(Guid ProbeId, Guid ProbeFaceId);

    public sealed record Choice(IReadOnlyList<ChosenFace> Chosen, string? Problem);

    public static async Task<Choice> ChooseFacesAsync(PortalDbContext db, SearchCase searchCase, IReadOnlyList<TemplatePhotoChoice> photos, CancellationToken cancellationToken)
    {
        var probeIds = photos.Select(p => p.ProbeId).Distinct().ToList();
        if (probeIds.Count != photos.Count || probeIds.Count < PersonTemplate.MinPhotos)
            return new([], $"Mark at least {PersonTemplate.MinPhotos} different photos of the case as the same person.");
        var probes = await db.Probes.AsNoTracking()
            .Where(p => probeIds.Contains(p.Id) && p.CaseId == searchCase.Id && p.PurgedAt == null && p.SearchedAt != null)
            .Select(p => p.Id).ToListAsync(cancellationToken);
        if (probes.Count != probeIds.Count)
            return new([], "Every marked photo must belong to this case and have finished its own search.");
        var passed = await db.ProbeFaces.AsNoTracking().Where(f => probeIds.Contains(f.ProbeId) && f.PassedQuality)
            .Select(f => new { f.ProbeId, f.Id }).ToListAsync(cancellationToken);
        var chosen = new List<ChosenFace>();
        foreach (var photo in photos)
        {
            var faces = passed.Where(f => f.ProbeId == photo.ProbeId).Select(f => f.Id).ToList();
            if (photo.ProbeFaceId is { } picked)
            {
                if (!faces.Contains(picked))
                    return new([], "Pick a face that passed the quality checks in each marked photo.");
                chosen.Add(new ChosenFace(photo.ProbeId, picked));
            }
            else if (faces.Count == 1)
            {
                chosen.Add(new ChosenFace(photo.ProbeId, faces[0]));
            }
            else
            {
                return new([], faces.Count == 0
                    ? "A marked photo has no face that passed the quality checks."
                    : "A marked photo has several faces: pick which one is the person.");
            }
        }
        return new(chosen, null);
    }
}
