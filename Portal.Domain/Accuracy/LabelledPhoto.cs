namespace Portal.Domain.Accuracy;

/// <summary>
/// One photo of an evaluation set: its file, whose face it is, and its value in each group column (sex, age band,
/// …). A missing or empty value leaves the photo out of that column's groups.
/// </summary>
public sealed record LabelledPhoto(string File, string Identity, IReadOnlyDictionary<string, string> Groups)
{
    public string? ValueOf(string column) =>
        Groups.TryGetValue(column, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
