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

    [Fact]
    public void RecordsWithTheNoteAsItStandsInTheBrowserNotTheLastTextTheServerSaw()
    {
        JSInterop.Setup<string?>("portal.reviewKeys.noteText").SetResult("Same scar above the left eyebrow; ear shape matches.");
        var events = new List<string>();
        var panel = Render<DecisionPanel>(p => p
            .Add(c => c.Verdict, ReviewVerdict.Confirm)
            .Add(c => c.Note, "Same scar")
            .Add(c => c.NoteChanged, (string note) => events.Add($"note: {note}"))
            .Add(c => c.OnRecord, () => events.Add("record")));

        panel.Find("[data-testid=record]").Click();

        Assert.Equal(["note: Same scar above the left eyebrow; ear shape matches.", "record"], events);
    }

    [Fact]
    public void TheNoteBoxDoesNotSendEveryKeystrokeToTheServer()
    {
        var panel = Render<DecisionPanel>();

        var box = panel.Find($"#{DecisionPanel.NoteId}");
        Assert.Equal("TEXTAREA", box.TagName);
        Assert.True(box.HasAttribute("blazor:onchange"), "The note box no longer tells the server its text when it loses focus.");
        Assert.False(box.HasAttribute("blazor:oninput"), "The note box sends each keystroke, so a slow link can echo older text back over newer typing.");
    }
}
