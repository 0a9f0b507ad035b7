using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Cases;
using Portal.Domain.Common;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Support;

/// <summary>
/// One gallery face found three times in a case, as the reviewer's walk met it: by the first probe photo (which also found a
/// second face), by a second photo, and by a person template of both photos; another case's candidate was found in between.
/// Plus the same case and face under another organisation's name, as a tampered row would be, which must never be shown.
/// </summary>
public static class SameFaceScenario
{
    // Long before the demo data's candidates, so these rows lead the queue.
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public sealed record Seeded(Guid CaseId, Guid ByFirstPhoto, Guid BySecondPhoto, Guid ByTemplate, Guid FirstPhotosOtherFace, Guid OtherCase, Guid Foreign)
    {
        /// <summary>This scenario's Thorn candidates, in the order the queue should show them.</summary>
        public IReadOnlyList<Guid> QueueOrder => [ByFirstPhoto, BySecondPhoto, ByTemplate, FirstPhotosOtherFace, OtherCase];
    }

    public static async Task<Seeded> SeedAsync(IServiceProvider services, Actor staff, Guid foreignOrganisationId)
    {
        var seeded = await ReviewScenario.SearchedCaseAsync(services, staff, "SAME-FACE", candidates: 2, foundAt: Start);
        var other = await ReviewScenario.SearchedCaseAsync(services, staff, "OTHER-CASE", candidates: 1, foundAt: Start.AddMinutes(1));
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var first = await db.Candidates.AsNoTracking().SingleAsync(c => c.Id == seeded.Candidates[0]);
        var secondPhoto = await AddProbeAsync(db, first, "obama1.jpg");
        var template = await services.GetRequiredService<PersonTemplateService>().CreateAsync(staff, seeded.CaseId, "Family photos",
            [new(first.ProbeId), new(secondPhoto.ProbeId)]);
        Assert.True(template.Succeeded, template.Error);
        var bySecondPhoto = Finding(first, secondPhoto.ProbeId, secondPhoto.Id, null, 0.702f, Start.AddMinutes(2));
        var byTemplate = Finding(first, first.ProbeId, first.ProbeFaceId, template.Value, 0.809f, Start.AddMinutes(3));
        var foreign = Finding(first, secondPhoto.ProbeId, secondPhoto.Id, null, 0.9f, Start.AddMinutes(4), foreignOrganisationId);
        db.Candidates.AddRange(bySecondPhoto, byTemplate, foreign);
        db.CandidateSupports.AddRange(
            new CandidateSupport { CandidateId = byTemplate.Id, ProbeId = first.ProbeId, Similarity = 0.781f, AtOrAboveThreshold = true },
            new CandidateSupport { CandidateId = byTemplate.Id, ProbeId = secondPhoto.ProbeId, Similarity = 0.702f, AtOrAboveThreshold = true });
        await db.SaveChangesAsync();
        return new Seeded(seeded.CaseId, first.Id, bySecondPhoto.Id, byTemplate.Id, seeded.Candidates[1], other.Candidates[0], foreign.Id);
    }

    private static async Task<ProbeFace> AddProbeAsync(PortalDbContext db, Candidate like, string name)
    {
        var probe = new Probe
        {
            CaseId = like.CaseId, OrganisationId = like.OrganisationId, DisplayName = name, StoredName = name, OriginalSha256 = new string('0', 64),
            Width = 240, Height = 240, UploadedAt = Start, SearchedAt = Start,
        };
        var face = new ProbeFace { ProbeId = probe.Id, Width = 100, Height = 100, DetectionScore = 0.99f, PassedQuality = true };
        db.AddRange(probe, face);
        await db.SaveChangesAsync();
        return face;
    }

    private static Candidate Finding(Candidate like, Guid probeId, Guid probeFaceId, Guid? templateId, float similarity, DateTimeOffset foundAt,
        Guid? organisationId = null) => new()
    {
        ProbeFaceId = probeFaceId, ProbeId = probeId, TemplateId = templateId, CaseId = like.CaseId, OrganisationId = organisationId ?? like.OrganisationId,
        FaceId = like.FaceId, GalleryId = like.GalleryId, ImageId = like.ImageId, Rank = 1, Similarity = similarity,
        Band = Candidate.BandFor(similarity, 0.40f), FoundAt = foundAt,
    };
}
