using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Accuracy;
using Portal.Domain.Evaluations;
using Portal.Infrastructure.Evaluations;
using Portal.Infrastructure.Face;
using Portal.Infrastructure.Persistence;

namespace Portal.Tests.Support;

/// <summary>
/// Evaluation reports whose groups hold a known number of people, with the pair counts <c>GroupSplit</c> makes for them
/// (every pair of the group's photos) and the people counted as the runner counts them, and completed runs stored as the runner stores them.
/// </summary>
internal static class SeededEvaluations
{
    public const float Threshold = 0.40f;

    /// <summary>
    /// <paramref name="people"/> people with <paramref name="photosEach"/> photos each: every genuine pair matches, and one
    /// impostor pair (where there is any) scores above the threshold.
    /// </summary>
    public static ReportSet Group(string? column, string? value, int people, int photosEach)
    {
        var photos = people * photosEach;
        var genuine = people * photosEach * (photosEach - 1) / 2;
        var impostor = photos * (photos - 1) / 2 - genuine;
        var impostorScores = Enumerable.Repeat(0.1, Math.Max(0, impostor - 1)).Concat(impostor > 0 ? [0.5] : []);
        return EvaluationReport.Set(column, value, AccuracyFigures.Of(new ScoreSets(Enumerable.Repeat(0.9, genuine), impostorScores), Threshold),
            new PeopleCount(people, photosEach >= 2 ? people : 0));
    }

    /// <summary>A report of <paramref name="people"/> × <paramref name="photosEach"/> photos overall, then the groups given.</summary>
    public static EvaluationReport Report(int people, int photosEach, params ReportSet[] groups) =>
        new(Threshold, FacePipelineVersion.Current, people * photosEach, 0, [], [Group(null, null, people, photosEach), .. groups]);

    public static async Task AddCompletedAsync(IServiceProvider services, string name, EvaluationReport report, DateTimeOffset at)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.EvaluationRuns.Add(new EvaluationRun
        {
            Name = name, UploadedBy = "admin", UploadedAt = at, State = EvaluationState.Completed, Photos = report.Photos,
            ReportJson = report.ToJson(), CompletedAt = at, Threshold = report.Threshold, PipelineVersion = report.PipelineVersion,
        });
        await db.SaveChangesAsync();
    }
}
