using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Organisations;
using Portal.Domain.Transparency;

namespace Portal.Infrastructure.Transparency;

/// <summary>One event to count: the sector of its organisation (fixed since it applied) and when it happened.</summary>
internal sealed class Stamp
{
    public Sector Sector { get; init; }
    public DateTimeOffset At { get; init; }
}

internal sealed class Bucket
{
    public Sector Sector { get; init; }
    public int Quarter { get; init; }
}

internal sealed record BucketCount(int Quarter, Sector Sector, int Count);

/// <summary>
/// Counts events per quarter and sector in the database: the quarter is a CASE over the quarters' boundaries
/// (instants are stored as ticks, which both providers compare), so only the counts leave the database.
/// </summary>
internal static class QuarterBuckets
{
    public static async Task<IReadOnlyList<BucketCount>> CountAsync(IQueryable<Stamp> stamps, IReadOnlyList<Quarter> quarters, CancellationToken cancellationToken)
    {
        var start = quarters[0].Start;
        var end = quarters[^1].End;
        var rows = await stamps.Where(s => s.At >= start && s.At < end)
            .Select(Bucketing(quarters))
            .GroupBy(b => new { b.Quarter, b.Sector })
            .Select(g => new { g.Key.Quarter, g.Key.Sector, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new BucketCount(r.Quarter, r.Sector, r.Count)).ToList();
    }

    /// <summary>s => new Bucket { Sector, Quarter = s.At &lt; end0 ? 0 : s.At &lt; end1 ? 1 : ... }.</summary>
    private static Expression<Func<Stamp, Bucket>> Bucketing(IReadOnlyList<Quarter> quarters)
    {
        var stamp = Expression.Parameter(typeof(Stamp), "s");
        var at = Expression.Property(stamp, nameof(Stamp.At));
        Expression index = Expression.Constant(quarters.Count - 1);
        for (var i = quarters.Count - 2; i >= 0; i--)
            index = Expression.Condition(Expression.LessThan(at, Expression.Constant(quarters[i].End)), Expression.Constant(i), index);
        var body = Expression.MemberInit(Expression.New(typeof(Bucket)),
            Expression.Bind(typeof(Bucket).GetProperty(nameof(Bucket.Sector))!, Expression.Property(stamp, nameof(Stamp.Sector))),
            Expression.Bind(typeof(Bucket).GetProperty(nameof(Bucket.Quarter))!, index));
        return Expression.Lambda<Func<Stamp, Bucket>>(body, stamp);
    }
}
