using Portal.Domain.Organisations;

namespace Portal.Domain.Moratoria;

/// <summary>The one rule that decides whether an organisation may search at an instant.</summary>
public static class MoratoriumPolicy
{
    /// <summary>
    /// Blocked when any moratorium is active at <paramref name="instant"/> (start inclusive, end exclusive),
    /// names the organisation's sector, and does not exempt the organisation. Overlapping moratoria combine:
    /// each that blocks is listed.
    /// </summary>
    public static MoratoriumDecision Evaluate(Guid organisationId, Sector sector, DateTimeOffset instant, IEnumerable<Moratorium> moratoria)
    {
        var blocks = moratoria
            .Where(m => m.Blocks(organisationId, sector, instant))
            .OrderBy(m => m.StartsAt)
            .Select(m => new MoratoriumBlock(m.Id, m.Title, m.EndsAt))
            .ToList();
        return blocks.Count == 0 ? MoratoriumDecision.Allowed : new MoratoriumDecision(blocks);
    }
}
