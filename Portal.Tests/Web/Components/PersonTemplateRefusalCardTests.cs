using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Queue;
using Portal.Infrastructure.Cases;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;

namespace Portal.Tests.Web.Components;

/// <summary>A template whose photos did not look like one person says so on the case page, naming the photo and its score.</summary>
public sealed class PersonTemplateRefusalCardTests : PortalComponentTest, IAsyncLifetime
{
    private readonly TempDirectory _data = new();
    private QueueTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _bed = await QueueTestBed.StartAsync(_data.Path);
        Services.AddSingleton(_bed.Host.Get<PersonTemplateService>());
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _bed.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public void ARefusedTemplateNamesThePhotoAndItsScoreAndASearchedOneSaysNothing()
    {
        var refused = new TemplateView(Guid.NewGuid(), "Family photos", false, JobState.Succeeded, null,
            [new(Guid.NewGuid(), "kit_harington3.jpg"), new(Guid.NewGuid(), "penny2.png")], [], new TemplateRefusalView("penny2.png", 0.0312f));
        var searched = new TemplateView(Guid.NewGuid(), "Other", false, JobState.Succeeded, DateTimeOffset.UtcNow, [], []);

        var view = Render<CaseTemplates>(p => p.Add(c => c.CaseId, Guid.NewGuid()).Add(c => c.Items, [refused, searched]).Add(c => c.Faces, []));

        var notice = Assert.Single(view.FindAll("[data-testid=template-refused]"));
        Assert.Equal(refused.Id.ToString(), notice.GetAttribute("data-template-id"));
        Assert.Equal("These photos do not look like one person: penny2.png scores 0.03 against the others. Check the photos or the chosen face, then mark them again.",
            Normalise(notice.TextContent));
    }

    private static string Normalise(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
}
