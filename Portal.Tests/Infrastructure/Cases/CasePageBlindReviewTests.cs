using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Auditing;
using Portal.Domain.Common;
using Portal.Domain.Identity;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Persistence;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;

namespace Portal.Tests.Infrastructure.Cases;

/// <summary>
/// A colleague who is both staff and a reviewer of the organisation opens a case they did not submit: they may still be the
/// blind second reviewer of its open candidates, so its page and its lead export tell them what the review screen would (an
/// open one awaits review; a closed finding of a gallery face they may still decide elsewhere in the case was decided, not how
/// nor by whom) until they have decided every finding of that face. The submitter and staff who do not review see it all.
/// </summary>
public sealed class CasePageBlindReviewTests : ThornQueueTest
{
    [Fact]
    public async Task AStaffMemberWhoAlsoReviewsIsToldNoOutcomeOfAFaceTheyMayStillDecideNorWhetherAnOpenOneHadAFirstDecision()
    {
        var icmecReviewer = await ReviewScenario.ActorAsync(Bed.Host.Services, "reviewer@icmec.example");
        var seeded = await SameFaceScenario.SeedAsync(Bed.Host.Services, Staff, icmecReviewer.OrganisationId!.Value);
        var thorn = Staff.OrganisationId!.Value;
        var first = await ReviewScenario.ActorAsync(Bed.Host.Services, TestAccounts.ThornReviewer);
        var third = new Actor(await ReviewScenario.CreateMemberAsync(Bed.Host.Services, thorn, "reviewer3@thorn.example", Roles.Reviewer),
            "reviewer3@thorn.example", thorn);
        // The colleague: staff of the organisation and a reviewer, not the case's submitter.
        await ReviewScenario.GrantRoleAsync(Bed.Host.Services, TestAccounts.ThornSecondReviewer, Roles.PartnerStaff);
        var colleague = await ReviewScenario.ActorAsync(Bed.Host.Services, TestAccounts.ThornSecondReviewer);
        var staffOnly = new Actor(await ReviewScenario.CreateMemberAsync(Bed.Host.Services, thorn, "staff2@thorn.example", Roles.PartnerStaff),
            "staff2@thorn.example", thorn);
        var reviews = Bed.Host.Get<ReviewService>();

        // The first photo's finding is a confirmed lead; the second photo's has its first confirm; the template's is untouched;
        // the first photo's other face (another gallery face) was rejected by two others.
        Assert.True((await reviews.DecideAsync(first, seeded.ByFirstPhoto, ReviewVerdict.Confirm, "Same scar above the eyebrow.")).Succeeded);
        Assert.True((await reviews.DecideAsync(third, seeded.ByFirstPhoto, ReviewVerdict.Confirm, "Same scar and ear.")).Succeeded);
        Assert.True((await reviews.DecideAsync(first, seeded.BySecondPhoto, ReviewVerdict.Confirm, "Same hairline.")).Succeeded);
        Assert.True((await reviews.DecideAsync(first, seeded.FirstPhotosOtherFace, ReviewVerdict.Reject, "Different chin.")).Succeeded);
        Assert.True((await reviews.DecideAsync(third, seeded.FirstPhotosOtherFace, ReviewVerdict.Reject, "Different nose.")).Succeeded);

        var seen = await CasePageAsync(colleague, seeded.CaseId);
        // Decided, and nothing of how or by whom: they may still decide the two open findings of the same face.
        Assert.Equal(((ReviewState?)null, 0), (seen[seeded.ByFirstPhoto].State, seen[seeded.ByFirstPhoto].Decisions.Count));
        // An open finding awaits review, whether or not a first reviewer has decided it: they may be its second.
        Assert.Equal(ReviewState.Pending, seen[seeded.BySecondPhoto].State);
        Assert.Equal(ReviewState.Pending, seen[seeded.ByTemplate].State);
        // Another gallery face, with nothing of it left for them to decide, shows as it ended.
        Assert.Equal((ReviewState.Rejected, 2), (seen[seeded.FirstPhotosOtherFace].State, seen[seeded.FirstPhotosOtherFace].Decisions.Count));
        var json = JsonSerializer.Serialize(seen.Where(s => s.Key != seeded.FirstPhotosOtherFace).ToDictionary());
        foreach (var telling in new[] { "scar", "hairline", "Reviewer, Thorn" })
            Assert.DoesNotContain(telling, json, StringComparison.OrdinalIgnoreCase);
        // The lead export leaves the confirmed lead out too, and says so.
        var export = (await Bed.Host.Get<LeadsExporter>().ExportAsync(colleague, seeded.CaseId, "CSV")).Value!;
        Assert.Equal((0, 1), (export.Leads.Count, export.WithheldForReview));
        var csv = LeadsExporter.ToCsv(export);
        Assert.Contains("1 decided finding is left out, whatever its outcome: you may still review another finding of the same gallery face in this case.", csv);
        Assert.DoesNotContain("scar", csv, StringComparison.OrdinalIgnoreCase);
        await using (var db = await Bed.Host.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            Assert.Equal("0 confirmed lead(s) exported as CSV; 1 withheld (the exporter may still review the same gallery face)",
                (await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.LeadsExported && e.Target == $"case:{seeded.CaseId}")).Details);

        // The submitter never reviews the case, and staff who do not review decide nothing: both see every standing.
        foreach (var actor in new[] { Staff, staffOnly })
        {
            var full = await CasePageAsync(actor, seeded.CaseId);
            Assert.Equal((ReviewState.Confirmed, 2), (full[seeded.ByFirstPhoto].State, full[seeded.ByFirstPhoto].Decisions.Count));
            Assert.Equal((ReviewState.PendingSecondReview, 0), (full[seeded.BySecondPhoto].State, full[seeded.BySecondPhoto].Decisions.Count));
            var lead = Assert.Single((await Bed.Host.Get<LeadsExporter>().ExportAsync(actor, seeded.CaseId, "CSV")).Value!.Leads);
            Assert.Equal(2, lead.Decisions.Count);
        }

        // Having decided one of the open findings, the template's is still theirs to decide: nothing of the face is told yet.
        Assert.True((await reviews.DecideAsync(colleague, seeded.BySecondPhoto, ReviewVerdict.Reject, "Different ear lobe.")).Succeeded);
        seen = await CasePageAsync(colleague, seeded.CaseId);
        Assert.Equal(((ReviewState?)null, (ReviewState?)null), (seen[seeded.ByFirstPhoto].State, seen[seeded.BySecondPhoto].State));
        // What the export says it left out does not tell outcomes apart: the confirmed lead and the disputed finding both count.
        export = (await Bed.Host.Get<LeadsExporter>().ExportAsync(colleague, seeded.CaseId, "CSV")).Value!;
        Assert.Equal((0, 2), (export.Leads.Count, export.WithheldForReview));

        // Once they have decided every finding of the face, it all shows, as to anyone else.
        Assert.True((await reviews.DecideAsync(colleague, seeded.ByTemplate, ReviewVerdict.Inconclusive, null)).Succeeded);
        seen = await CasePageAsync(colleague, seeded.CaseId);
        Assert.Equal((ReviewState.Confirmed, 2), (seen[seeded.ByFirstPhoto].State, seen[seeded.ByFirstPhoto].Decisions.Count));
        Assert.Equal(ReviewState.Disputed, seen[seeded.BySecondPhoto].State);
        Assert.Equal(ReviewState.Pending, seen[seeded.ByTemplate].State);
        export = (await Bed.Host.Get<LeadsExporter>().ExportAsync(colleague, seeded.CaseId, "CSV")).Value!;
        Assert.Equal((1, 0), (export.Leads.Count, export.WithheldForReview));
    }

    /// <summary>Every candidate's review standing as the case page's two queries give it to <paramref name="actor"/>.</summary>
    private async Task<Dictionary<Guid, CandidateReview>> CasePageAsync(Actor actor, Guid caseId)
    {
        var results = await Bed.Host.Get<CaseQueries>().ResultsAsync(actor, caseId, audit: false);
        var templates = await Bed.Host.Get<PersonTemplateQueries>().ForCaseAsync(actor, caseId);
        Assert.True(results.Succeeded && templates.Succeeded, results.Error ?? templates.Error);
        return results.Value!.SelectMany(face => face.Candidates)
            .Concat(templates.Value!.SelectMany(t => t.Candidates).Select(c => c.Candidate))
            .ToDictionary(c => c.Id, c => c.Review);
    }
}
