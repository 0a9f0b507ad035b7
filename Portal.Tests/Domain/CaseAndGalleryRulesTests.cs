using Portal.Domain.Cases;
using Portal.Domain.Galleries;

namespace Portal.Tests.Domain;

/// <summary>The input rules a case and a gallery keep themselves, with the messages the services pass on.</summary>
public sealed class CaseAndGalleryRulesTests
{
    private const string ReferenceMessage = "Give the case a reference of at most 100 characters.";
    private const string NameMessage = "Give the gallery a name of 2 to 200 characters.";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void ACaseWithoutAReferenceIsRefused(string? reference) =>
        Assert.Equal(ReferenceMessage, SearchCase.ReferenceProblem(reference));

    [Fact]
    public void ACaseReferenceIsMeasuredTrimmedUpToOneHundredCharacters()
    {
        Assert.Null(SearchCase.ReferenceProblem("  " + new string('R', 100) + "  "));
        Assert.Equal(ReferenceMessage, SearchCase.ReferenceProblem(new string('R', 101)));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(50, true)]
    [InlineData(51, false)]
    [InlineData(-5, false)]
    public void ASearchAsksForOneToFiftyCandidatesPerFace(int topK, bool allowed) =>
        Assert.Equal(allowed ? null : "Ask for between 1 and 50 candidates per face.", SearchCase.TopKProblem(topK));

    [Theory]
    [InlineData(null, false)]
    [InlineData(" a ", false)]
    [InlineData(" ab ", true)]
    public void AGalleryNameIsMeasuredTrimmedFromTwoCharacters(string? name, bool allowed) =>
        Assert.Equal(allowed ? null : NameMessage, Gallery.NameProblem(name));

    [Fact]
    public void AGalleryNameHasAtMostTwoHundredCharacters()
    {
        Assert.Null(Gallery.NameProblem(new string('G', 200)));
        Assert.Equal(NameMessage, Gallery.NameProblem(new string('G', 201)));
    }

    [Fact]
    public void CaseNotesHaveAtMostFourThousandCharactersMeasuredTrimmed()
    {
        Assert.Null(SearchCase.NotesProblem(null));
        Assert.Null(SearchCase.NotesProblem(" " + new string('n', 4000) + " "));
        Assert.Equal("Keep the case notes to at most 4000 characters.", SearchCase.NotesProblem(new string('n', 4001)));
    }

    [Fact]
    public void AGalleryDescriptionHasAtMostTwoThousandCharactersAndItsSourceThreeHundred()
    {
        Assert.Null(Gallery.DetailsProblem(new string('d', 2000), new string('s', 300)));
        Assert.Equal("Keep the gallery's description to at most 2000 characters.", Gallery.DetailsProblem(new string('d', 2001), ""));
        Assert.Equal("Keep the gallery's source to at most 300 characters.", Gallery.DetailsProblem("", new string('s', 301)));
    }
}
