using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Infrastructure.Lifecycle.Subjects;
using Portal.Tests.Support;
using Portal.Web.Components.Lifecycle;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The deletion request page's selection and confirmation: a match's checkbox reports the change, a held match offers no
/// checkbox, nothing is selectable once the request is confirmed, and the dialog states the counts before deleting.
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

    [Fact]
    public void OnceTheRequestIsNoLongerOpenTheCheckboxesAreDisabled()
    {
        var table = Render<SubjectMatchTable>(p => p
            .Add(t => t.RequestId, Request)
            .Add(t => t.Matches, [Match(7)])
            .Add(t => t.Selectable, false));

        Assert.True(table.Find("input[type=checkbox]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task TheConfirmationStatesPhotosFacesOrganisationsAndHeldAndAnswersTheChoice()
    {
        var provider = Render<MudDialogProvider>();
        var confirmed = await ShowAsync(new SubjectDeletionCounts(3, 5, 1, 2));

        provider.WaitForAssertion(() => Assert.StartsWith("3 photo(s) holding 5 face(s) in 1 organisation(s) will be deleted now",
            provider.Find("[data-testid=subject-confirmation]").TextContent.Trim()));
        Assert.Contains("2 matched photo(s) are kept by a legal hold", provider.Find("[data-testid=subject-held]").TextContent);
        await provider.Find("[data-testid=confirm-deletion]").ClickAsync(new());
        Assert.True(await confirmed);

        var cancelled = await ShowAsync(new SubjectDeletionCounts(1, 1, 1, 0));
        await provider.Find("[data-testid=cancel-confirm]").ClickAsync(new());
        Assert.False(await cancelled);
    }

    private async Task<Task<bool>> ShowAsync(SubjectDeletionCounts counts)
    {
        Task<bool> answer = null!;
        await Renderer.Dispatcher.InvokeAsync(() => answer = ConfirmSubjectDeletionDialog.AskAsync(Services.GetRequiredService<IDialogService>(), counts));
        return answer;
    }
}
