namespace Portal.Infrastructure.Cases;

/// <summary>A template candidate shown on the case page, as its view's audit counts it.</summary>
internal sealed record ShownTemplateCandidate(Guid CandidateId, Guid TemplateId);

/// <summary>
/// What the case page shows of a case's results: the probe faces with their candidates, and the templates' candidates;
/// <paramref name="TemplateWithheld"/> counts each template's withheld candidates (gallery owner suspended), by template id.
/// </summary>
internal sealed record ShownResults(IReadOnlyList<ProbeFaceResult> Results, IReadOnlyList<ShownTemplateCandidate> TemplateCandidates,
    IReadOnlyDictionary<Guid, int> TemplateWithheld)
{
    /// <summary>Every face and candidate shown, in a fixed order: a change of any of them is a new view.</summary>
    public IReadOnlyList<Guid> Ids() =>
    [
        .. Results.SelectMany(r => r.Candidates.Select(c => c.Id).Prepend(r.ProbeFaceId)),
        .. TemplateCandidates.Select(c => c.CandidateId).Order(),
    ];
}
