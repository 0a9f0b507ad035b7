namespace Portal.Domain.Accuracy;

/// <summary>
/// The people behind a set's figures: <see cref="People"/> distinct identities with a usable face, and
/// <see cref="GenuinePeople"/> of them with two or more usable photos. Only those give genuine pairs, so the false
/// non-match rate is theirs alone: one person with four photos among eight with one photo each makes every genuine pair.
/// </summary>
public sealed record PeopleCount(int People, int GenuinePeople)
{
    public static readonly PeopleCount None = new(0, 0);
}

/// <summary>The people of all photos and of every value of every group column, counted as <see cref="GroupSplit"/> pairs them.</summary>
public sealed record GroupedPeople(PeopleCount Overall, IReadOnlyDictionary<(string Column, string Value), PeopleCount> Groups)
{
    public PeopleCount Of(string column, string value) => Groups.GetValueOrDefault((column, value)) ?? PeopleCount.None;
}

public static class GroupPeople
{
    /// <summary>
    /// Counts identities (compared as <see cref="GroupSplit"/> compares them, ordinal) among the photos
    /// <paramref name="usable"/> says have a face to compare; a photo counts in a group value only when it has that value,
    /// as a pair counts there only when both its photos have it.
    /// </summary>
    public static GroupedPeople Of(IReadOnlyList<LabelledPhoto> photos, IReadOnlyList<string> columns, Func<int, bool> usable)
    {
        var compared = photos.Where((_, i) => usable(i)).ToList();
        var groups = new Dictionary<(string Column, string Value), PeopleCount>();
        foreach (var column in columns)
            foreach (var byValue in compared.Where(p => p.ValueOf(column) is not null).GroupBy(p => p.ValueOf(column)!, StringComparer.Ordinal))
                groups[(column, byValue.Key)] = Count(byValue);
        return new GroupedPeople(Count(compared), groups);
    }

    private static PeopleCount Count(IEnumerable<LabelledPhoto> photos)
    {
        var photosEach = photos.GroupBy(p => p.Identity, StringComparer.Ordinal).Select(person => person.Count()).ToList();
        return new PeopleCount(photosEach.Count, photosEach.Count(n => n >= 2));
    }
}
