namespace Portal.Infrastructure.Cases;

/// <summary>
/// What one open page last showed of a case's results. <see cref="CaseQueries.ResultsAsync(Portal.Domain.Common.Actor, Guid, ResultsSeen, CancellationToken)"/>
/// audits a view once per change of what is shown: a live refresh showing the same results is not a new view.
/// </summary>
public sealed class ResultsSeen
{
    /// <summary>Faces plus candidates last shown and audited; -1 before the first view or after a refusal.</summary>
    internal int Shown { get; set; } = -1;
}
