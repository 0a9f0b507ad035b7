namespace Portal.Infrastructure.Cases;

/// <summary>
/// What one open page last showed of a case's results. <see cref="CaseQueries.ResultsAsync(Portal.Domain.Common.Actor, Guid, ResultsSeen, CancellationToken)"/>
/// audits a view once per change of what is shown: a live refresh showing the same results is not a new view.
/// </summary>
public sealed class ResultsSeen
{
    /// <summary>The faces and candidates (person templates' included) last shown and audited; null before the first view or after a refusal.</summary>
    private IReadOnlyList<Guid>? _shown;

    /// <summary>Remembers what is shown now; true when it differs from what was shown last, so the view is a new one to audit.</summary>
    internal bool Remember(IReadOnlyList<Guid> shown)
    {
        var changed = _shown is null || !_shown.SequenceEqual(shown);
        _shown = shown;
        return changed;
    }

    /// <summary>After a refusal the next view is a new one.</summary>
    internal void Forget() => _shown = null;
}
