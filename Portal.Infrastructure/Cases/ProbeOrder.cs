using Portal.Domain.Cases;

namespace Portal.Infrastructure.Cases;

/// <summary>
/// The one order a case's probes are shown in: the probe list and the result panels both use it. The probes of one
/// submission share an upload time, so the order needs a tie-break that never changes between reads: the file
/// name, then the id (issue 13, bug 4: panels came out in another order than the list when they tied).
/// </summary>
public static class ProbeOrder
{
    public static IOrderedEnumerable<T> InUploadOrder<T>(this IEnumerable<T> rows, Func<T, Probe> probe) =>
        rows.OrderBy(r => probe(r).UploadedAt).ThenBy(r => probe(r).DisplayName, StringComparer.Ordinal).ThenBy(r => probe(r).Id);
}
