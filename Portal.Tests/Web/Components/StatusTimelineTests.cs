using Bunit;
using Portal.Domain.Organisations;
using Portal.Infrastructure.Organisations;
using Portal.Tests.Support;
using Portal.Web.Components.Partners;

namespace Portal.Tests.Web.Components;

/// <summary>Issue 13, confusion 7: an organisation's history reads as words, never as the enum's own names.</summary>
public sealed class StatusTimelineTests : PortalComponentTest
{
    [Fact]
    public void TheHistorySaysUnderReviewInWords()
    {
        var at = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var history = new List<StatusChangeView>
        {
            new(null, OrganisationStatus.Applied, "lead@harbour.example", at, "applied"),
            new(OrganisationStatus.Applied, OrganisationStatus.UnderReview, "admin@reunite.test", at.AddHours(1), "references requested"),
        };

        var timeline = Render<StatusTimeline>(p => p.Add(c => c.History, history));

        Assert.Contains("Applied → Under review", timeline.Markup);
        Assert.DoesNotContain("UnderReview", timeline.Markup);
    }
}
