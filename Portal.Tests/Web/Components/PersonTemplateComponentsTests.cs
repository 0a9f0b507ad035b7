using Bunit;
using Portal.Domain.Cases;
using Portal.Domain.Queue;
using Portal.Domain.Review;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Review;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;

namespace Portal.Tests.Web.Components;

/// <summary>Marking probe photos as one person, and a template candidate's list of the photos that support it.</summary>
public sealed class PersonTemplateComponentsTests : PortalComponentTest
{
    [Fact]
    public void MarkingTwoOneFacePhotosSendsTheLabelAndBothPhotos()
    {
        (string Label, IReadOnlyList<TemplatePhotoChoice> Photos)? sent = null;
        var anna = Photo("anna-1.jpg", 1);
        var other = Photo("anna-2.jpg", 1);
        var form = Render<MarkSamePerson>(p => p.Add(c => c.Photos, [anna, other]).Add(c => c.OnSubmit, request => sent = request));

        Assert.True(form.Find("[data-testid=create-template]").HasAttribute("disabled"));
        form.Find("input[data-testid=template-label]").Change("Family photos");
        foreach (var box in form.FindAll("input[type=checkbox]").ToList())
            box.Change(true);
        form.Find("[data-testid=create-template]").Click();

        Assert.NotNull(sent);
        Assert.Equal("Family photos", sent.Value.Label);
        Assert.Equal([anna.ProbeId, other.ProbeId], sent.Value.Photos.Select(p => p.ProbeId));
        Assert.All(sent.Value.Photos, p => Assert.Null(p.ProbeFaceId));
    }

    [Fact]
    public void WithOnePhotoTickedTheFormSaysWhyItCannotBeSentYet()
    {
        var form = Render<MarkSamePerson>(p => p.Add(c => c.Photos, [Photo("anna-1.jpg", 1), Photo("anna-2.jpg", 1)]));
        form.Find("input[data-testid=template-label]").Change("Family photos");

        form.FindAll("input[type=checkbox]")[0].Change(true);

        Assert.True(form.Find("[data-testid=create-template]").HasAttribute("disabled"));
        Assert.Equal("Tick at least two photos.", form.Find("[data-testid=template-hint]").TextContent.Trim());
        form.FindAll("input[type=checkbox]")[1].Change(true);
        Assert.Empty(form.FindAll("[data-testid=template-hint]"));
        Assert.False(form.Find("[data-testid=create-template]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task AfterASubmitTheFormIsClearedWithoutARequiredError()
    {
        var form = Render<MarkSamePerson>(p => p.Add(c => c.Photos, [Photo("anna-1.jpg", 1), Photo("anna-2.jpg", 1)]));
        form.Find("input[data-testid=template-label]").Change("Family photos");
        foreach (var box in form.FindAll("input[type=checkbox]").ToList())
            box.Change(true);
        form.Find("[data-testid=create-template]").Click();

        // As the case page does: reset the form once the template is made, then render it again.
        await form.InvokeAsync(() => form.Instance.Reset());
        form.Render();

        Assert.Equal("", form.Find("input[data-testid=template-label]").GetAttribute("value") ?? "");
        Assert.DoesNotContain("Required", form.Markup);
        Assert.Empty(form.FindAll(".mud-input-error"));
        Assert.All(form.FindAll("input[type=checkbox]"), box => Assert.False(box.HasAttribute("checked")));
    }

    [Fact]
    public void APhotoWithSeveralFacesAsksWhichOneAndTheFormWaitsForTheAnswer()
    {
        var group = Photo("group.jpg", 2);
        var form = Render<MarkSamePerson>(p => p.Add(c => c.Photos, [Photo("anna.jpg", 1), group]));

        Assert.Empty(form.FindAll("[data-testid=template-face]"));
        foreach (var box in form.FindAll("input[type=checkbox]").ToList())
            box.Change(true);

        Assert.Single(form.FindAll("[data-testid=template-face]"));
        Assert.Contains("Which face in group.jpg", form.Markup);
        Assert.True(form.Find("[data-testid=create-template]").HasAttribute("disabled"));
        Assert.Equal("Choose which face in group.jpg is the person.", form.Find("[data-testid=template-hint]").TextContent.Trim());
    }

    [Fact]
    public void EachFaceOfAPhotoWithSeveralIsOfferedWithItsOwnCropAndTheChosenOneIsSent()
    {
        (string Label, IReadOnlyList<TemplatePhotoChoice> Photos)? sent = null;
        var group = Photo("obama3.jpg", 3);
        var form = Render<MarkSamePerson>(p => p.Add(c => c.Photos, [Photo("anna.jpg", 1), group]).Add(c => c.OnSubmit, request => sent = request));
        form.Find("input[data-testid=template-label]").Change("Family photos");
        foreach (var box in form.FindAll("input[type=checkbox]").ToList())
            box.Change(true);

        // The crops are the review screen's (served only to the case's organisation), each saying which face of which photo.
        var crops = form.FindAll("img[data-testid=template-face-crop]");
        Assert.Equal(group.Faces.Select(f => $"media/probe-faces/{f.ProbeFaceId}"), crops.Select(c => c.GetAttribute("src")));
        Assert.Equal(["Face 1 of 3 in obama3.jpg", "Face 2 of 3 in obama3.jpg", "Face 3 of 3 in obama3.jpg"], crops.Select(c => c.GetAttribute("alt")));
        Assert.Equal(3, form.FindAll("[data-testid=template-face] input[type=radio]").Count);

        form.FindAll("[data-testid=template-face] input[type=radio]")[1].Click();
        form.Find("[data-testid=create-template]").Click();

        Assert.NotNull(sent);
        Assert.Equal(group.Faces[1].ProbeFaceId, sent.Value.Photos.Single(p => p.ProbeId == group.ProbeId).ProbeFaceId);
    }

    [Fact]
    public void ARefusedTemplatesChipSaysRefusedInWordsAndWarningColourNotSucceeded()
    {
        var refused = new TemplateView(Guid.NewGuid(), "Family photos", false, JobState.Succeeded, null, [new(Guid.NewGuid(), "penny2.png")], [],
            new TemplateRefusalView("penny2.png", 0.03f));
        var searched = refused with { Id = Guid.NewGuid(), SearchedAt = DateTimeOffset.UtcNow, Refusal = null };

        var refusedChip = Render<PersonTemplateResults>(p => p.Add(c => c.Template, refused)).Find("[data-testid=template-state]");
        var searchedChip = Render<PersonTemplateResults>(p => p.Add(c => c.Template, searched)).Find("[data-testid=template-state]");

        Assert.Equal("Refused: photos disagree", refusedChip.TextContent.Trim());
        Assert.Contains("mud-chip-color-warning", refusedChip.ClassName);
        Assert.Equal("Searched", searchedChip.TextContent.Trim());
        Assert.DoesNotContain("mud-chip-color-warning", searchedChip.ClassName);
        Assert.DoesNotContain("mud-chip-color-success", searchedChip.ClassName);
    }

    [Fact]
    public void ADissolvedTemplateIsToldApartByItsPhotosAndWhenItWasDissolvedInThePortalsTimeFormat()
    {
        var template = new TemplateView(Guid.NewGuid(), "Second set", true, null, null,
            [new(Guid.NewGuid(), "anna-1.jpg"), new(Guid.NewGuid(), "anna-2.jpg")], [], DissolvedAt: new DateTimeOffset(2026, 12, 2, 14, 5, 0, TimeSpan.Zero));
        // The viewer's browser is an hour ahead of UTC (LocalTime asks it).
        JSInterop.Setup<int?>("portal.offsetMinutes", _ => true).SetResult(60);

        var view = Render<PersonTemplateResults>(p => p.Add(c => c.Template, template).Add(c => c.CanDissolve, true));

        Assert.Equal("Dissolved", view.Find("[data-testid=template-state]").TextContent.Trim());
        Assert.Equal("Second set", view.Find("h3").TextContent.Trim());
        Assert.Equal("Photos that were searched as one person: anna-1.jpg; anna-2.jpg", Normalise(view.Find("[data-testid=template-photos]").TextContent));
        view.WaitForAssertion(() => Assert.Equal("Dissolved on 2026-12-02 15:05 (14:05 UTC); its candidates stay for review.",
            Normalise(view.Find("[data-testid=template-dissolved-at]").TextContent)));
        Assert.Empty(view.FindAll("[data-testid=dissolve-template]"));
    }

    [Fact]
    public void ADissolvedTemplateWithoutARecordedTimeSaysSo()
    {
        var template = new TemplateView(Guid.NewGuid(), PersonTemplateQueries.DissolvedLabel, true, null, null, [], []);

        var view = Render<PersonTemplateResults>(p => p.Add(c => c.Template, template));

        Assert.Equal("Dissolved (when is no longer recorded); its candidates stay for review.", Normalise(view.Find("[data-testid=template-dissolved-at]").TextContent));
    }

    [Fact]
    public void AGroupPhotoOfATemplateSaysWhichFaceWasChosen()
    {
        var template = new TemplateView(Guid.NewGuid(), "Family photos", false, JobState.Succeeded, DateTimeOffset.UtcNow,
            [new(Guid.NewGuid(), "obama_and_biden.jpg", Face: 2, FacesInPhoto: 3), new(Guid.NewGuid(), "obama1.jpg", Face: 1, FacesInPhoto: 1)], []);

        var view = Render<PersonTemplateResults>(p => p.Add(c => c.Template, template));

        Assert.Equal("Photos searched as one person: obama_and_biden.jpg, face 2 of 3; obama1.jpg", Normalise(view.Find("[data-testid=template-photos]").TextContent));
    }

    [Fact]
    public void ATemplatesWithheldCandidatesAreCountedAndNothingElseOfThemShown()
    {
        var template = new TemplateView(Guid.NewGuid(), "Family photos", false, JobState.Succeeded, DateTimeOffset.UtcNow, [], [], WithheldCandidates: 2);
        var none = template with { WithheldCandidates = 0 };

        var view = Render<PersonTemplateResults>(p => p.Add(c => c.Template, template));

        Assert.Equal("2 candidates from a gallery whose owner is suspended are withheld until it is reinstated.",
            Normalise(view.Find("[data-testid=template-withheld]").TextContent));
        Assert.Empty(view.FindAll("[data-testid=template-candidate]"));
        // "No candidate" would read as complete while two are withheld.
        Assert.Empty(view.FindAll("[data-testid=template-no-candidate]"));
        Assert.Empty(Render<PersonTemplateResults>(p => p.Add(c => c.Template, none)).FindAll("[data-testid=template-withheld]"));
    }

    [Fact]
    public void EachCandidateOfATemplateListsEveryPhotosScoreAndWhichReachTheThreshold()
    {
        var supported = Guid.NewGuid();
        var weak = Guid.NewGuid();
        var candidate = new CandidateView(Guid.NewGuid(), 1, 0.52f, CandidateBand.Possible, Guid.NewGuid(), "Own intake", "photo1.jpg", Guid.NewGuid(),
            new CandidateReview(ReviewState.Pending, []));
        var template = new TemplateView(Guid.NewGuid(), "Family photos", false, JobState.Succeeded, DateTimeOffset.UtcNow,
            [new(supported, "anna-1.jpg"), new(weak, "anna-2.jpg")],
            [new(candidate, [new(supported, "anna-1.jpg", 0.61f, true), new(weak, "anna-2.jpg", 0.33f, false)])]);

        var view = Render<PersonTemplateResults>(p => p.Add(c => c.Template, template).Add(c => c.Threshold, 0.4f));

        // The template's score is the mean's, said as such, and the list does not call a photo below the threshold support.
        Assert.Equal("#1 · template score 0.520 (mean of 2 photos)", Normalise(view.Find("[data-testid=template-candidate] .mud-typography-body2").TextContent).Replace(" Possible", ""));
        Assert.Contains("similarity to the mean of these 2 photos", Normalise(view.Find("[data-testid=template-score-meaning]").TextContent));
        Assert.Equal("Each photo's own score", view.Find("[data-testid=support-heading]").TextContent.Trim());
        Assert.DoesNotContain("Supported by", view.Markup);
        Assert.Empty(view.FindAll("[data-testid=support-crop]"));
        var rows = view.FindAll("[data-testid=support-photo]");
        Assert.Equal(["yes", "no"], rows.Select(r => r.GetAttribute("data-supports")));
        Assert.Equal(["0.610", "0.330"], view.FindAll("[data-testid=support-score]").Select(s => s.TextContent));
        Assert.Contains("anna-1.jpg: 0.610 — at or above the threshold on its own", Normalise(rows[0].TextContent));
        Assert.Contains("anna-2.jpg: 0.330 — below the threshold on its own", Normalise(rows[1].TextContent));
        Assert.Empty(view.FindAll("[data-testid=dissolve-template]"));
    }

    [Fact]
    public void DissolvingIsOfferedWithANameThatSaysWhichTemplate()
    {
        TemplateView? dissolved = null;
        var template = new TemplateView(Guid.NewGuid(), "Family photos", false, JobState.Queued, null, [], []);
        var view = Render<PersonTemplateResults>(p => p.Add(c => c.Template, template).Add(c => c.CanDissolve, true).Add(c => c.OnDissolve, t => dissolved = t));

        var button = view.Find("[data-testid=dissolve-template]");
        Assert.Equal("Dissolve the template Family photos", button.GetAttribute("aria-label"));
        button.Click();

        Assert.Same(template, dissolved);
    }

    private static MarkSamePerson.PhotoOption Photo(string name, int faces)
    {
        var probeId = Guid.NewGuid();
        return new(probeId, name, Enumerable.Range(0, faces).Select(i => new ProbeFaceResult(Guid.NewGuid(), probeId, i, true, "", [], ProbeName: name)).ToList());
    }

    private static string Normalise(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
