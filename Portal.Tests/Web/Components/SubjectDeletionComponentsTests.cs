using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Infrastructure.Lifecycle.Subjects;
using Portal.Tests.Support;
using Portal.Web.Components.Lifecycle;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The deletion request page's selection and confirmation: a match's checkbox reports the change, a held match offers no
/// checkbox; the last question names the counts and what a hold keeps, and only "Delete them now" answers yes.
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
    public async Task TheConfirmationCountsPhotosFacesOrganisationsAndWhatAHoldKeeps()
    {
        var provider = Render<MudDialogProvider>();

        var answer = await AskAsync(new SubjectDeletionCounts(3, 4, 2, Held: 1));

        provider.WaitForAssertion(() => Assert.StartsWith("3 photo(s) holding 4 face(s) in 2 organisation(s) will be deleted now",
            provider.Find("[data-testid=subject-confirmation]").TextContent.Trim()));
        Assert.Contains("There is no trash and no way to undo it.", provider.Find("[data-testid=subject-confirmation]").TextContent);
        Assert.Contains("1 matched photo(s) are kept by a legal hold", provider.Find("[data-testid=subject-held]").TextContent);
        await provider.Find("[data-testid=cancel-confirm]").ClickAsync(new());
        Assert.False(await answer.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task OnlyDeleteThemNowAnswersYesAndWithoutHoldsNoHoldLineShows()
    {
        var provider = Render<MudDialogProvider>();
        var confirmed = await AskAsync(new SubjectDeletionCounts(1, 1, 1, Held: 0));
        provider.WaitForAssertion(() => provider.Find("[data-testid=confirm-deletion]"));
        Assert.Empty(provider.FindAll("[data-testid=subject-held]"));
        await provider.Find("[data-testid=confirm-deletion]").ClickAsync(new());
        Assert.True(await confirmed.WaitAsync(TimeSpan.FromSeconds(10)));

        var cancelled = await AskAsync(new SubjectDeletionCounts(1, 1, 1, Held: 0));
        provider.WaitForAssertion(() => provider.Find("[data-testid=cancel-confirm]"));
        await provider.Find("[data-testid=cancel-confirm]").ClickAsync(new());
        Assert.False(await cancelled.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private async Task<Task<bool>> AskAsync(SubjectDeletionCounts counts)
    {
        Task<bool> answer = null!;
        // A statement body, so InvokeAsync returns once the dialog is shown instead of awaiting the admin's answer.
        await Renderer.Dispatcher.InvokeAsync(() => { answer = ConfirmSubjectDeletionDialog.AskAsync(Services.GetRequiredService<IDialogService>(), counts); });
        return answer;
    }
}
