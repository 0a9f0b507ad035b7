using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Infrastructure.Lifecycle.Subjects;
using Portal.Tests.Support;
using Portal.Web.Components.Lifecycle;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The deletion request page's selection and confirmation: a match's checkbox reports the change, a held match offers no
/// checkbox.
/// </summary>
public sealed class SubjectDeletionComponentsTests : PortalComponentTest
{
    private static readonly Guid Request = Guid.NewGuid();

    private static SubjectMatchView Match(long id, bool selected = true, Guid? heldBy = null, int others = 0) =>
        new(id, Guid.NewGuid(), Guid.NewGuid(), $"Gallery {id}", "Thorn", 0.62f, others, selected, heldBy, Gone: false);

    [Fact]
    public void DeselectingAMatchReportsItsIdAndAHeldMatchHasNoCheckbox()
    {
        (long, bool)? reported = null;
        var table = Render<SubjectMatchTable>(p => p
            .Add(t => t.RequestId, Request)
            .Add(t => t.Matches, [Match(7), Match(8, selected: false, heldBy: Guid.NewGuid(), others: 2)])
            .Add(t => t.Selectable, true)
            .Add(t => t.OnSelect, change => reported = change));

        Assert.Single(table.FindAll("[data-testid=match-held]"));
        var boxes = table.FindAll("input[type=checkbox]");
        Assert.Single(boxes);
        boxes[0].Change(false);

        Assert.Equal((7L, false), reported);
        Assert.Contains("2: they are deleted with it", table.Markup);
        Assert.Contains($"/deletion-requests/{Request}/faces/", table.Find("img").GetAttribute("src"));
    }

}
