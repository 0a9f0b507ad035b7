using Bunit;
using Portal.Domain.Review;
using Portal.Tests.Support;
using Portal.Web.Components.Review;

namespace Portal.Tests.Web.Components;

/// <summary>Issue 13: the review screen's shortcut keys are announced, and so is what the reviewer chose or was refused.</summary>
public sealed class DecisionPanelTests : PortalComponentTest
{
    [Fact]
    public void ListsItsShortcutKeysInTextThatTheDecisionAreaPointsTo()
    {
        var panel = Render<DecisionPanel>();

        var describedBy = panel.Find("[data-testid=decision-panel]").GetAttribute("aria-describedby");
        Assert.False(string.IsNullOrEmpty(describedBy));
        var list = panel.Find($"#{describedBy}");
        Assert.Equal("Keyboard shortcuts: C confirm, R reject, I inconclusive, Ctrl+Enter record the decision, N skip to next, Z zoom both faces.",
            list.TextContent.Trim());
    }

    [Theory]
    [InlineData("verdict-confirm", "C")]
    [InlineData("verdict-reject", "R")]
    [InlineData("verdict-inconclusive", "I")]
    [InlineData("record", "Control+Enter")]
    [InlineData("next", "N")]
    public void EachControlWithAShortcutDeclaresItsKey(string control, string keys)
    {
        var panel = Render<DecisionPanel>();

        Assert.Equal(keys, panel.Find($"[data-testid={control}]").GetAttribute("aria-keyshortcuts"));
    }

    [Fact]
    public void AnnouncesTheChosenVerdictAndARefusalInALiveRegionThatWasThereBefore()
    {
        var panel = Render<DecisionPanel>();
        var status = panel.Find("[data-testid=decision-status]");
        Assert.Equal("status", status.GetAttribute("role"));
        Assert.Equal("polite", status.GetAttribute("aria-live"));
        Assert.Equal("", status.TextContent.Trim());

        panel.Render(p => p.Add(c => c.Verdict, ReviewVerdict.Reject).Add(c => c.Error, "Write a note before you reject."));

        var text = panel.Find("[data-testid=decision-status]").TextContent;
        Assert.Contains("Reject chosen.", text, StringComparison.Ordinal);
        Assert.Contains("Write a note before you reject.", text, StringComparison.Ordinal);
    }
}
