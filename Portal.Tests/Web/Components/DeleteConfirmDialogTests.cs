using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Infrastructure.Lifecycle;
using Portal.Tests.Support;
using Portal.Web.Components.Lifecycle;

namespace Portal.Tests.Web.Components;

/// <summary>The confirmation before anything goes to the trash: the counts, the date it is deleted for good, and the choice.</summary>
public sealed class DeleteConfirmDialogTests : PortalComponentTest
{
    private static readonly DateTimeOffset Due = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AGalleryConfirmationShowsItsPhotosFacesAndTheDateItIsDeletedForGood()
    {
        var provider = Render<MudDialogProvider>();

        var answer = await ShowAsync(new TrashCounts(TrashKind.Gallery, 120, 131, Due));

        provider.WaitForAssertion(() => Assert.Equal(
            "This gallery has 120 photos and 131 faces. They stop being searchable at once and are deleted for good on 8 December 2026; " +
            "until then your organisation's admin can restore them.", provider.Find("[data-testid=delete-confirmation]").TextContent));
        await CloseAsync(provider, answer);
    }

    [Fact]
    public async Task ACaseConfirmationCountsItsProbePhotos()
    {
        var provider = Render<MudDialogProvider>();

        var answer = await ShowAsync(new TrashCounts(TrashKind.Case, 1, 2, Due));

        provider.WaitForAssertion(() => Assert.StartsWith("This case has 1 probe photo and 2 faces.", provider.Find("[data-testid=delete-confirmation]").TextContent));
        await CloseAsync(provider, answer);
    }

    [Fact]
    public async Task ConfirmingAnswersTrueAndCancellingFalse()
    {
        var provider = Render<MudDialogProvider>();
        var confirmed = await ShowAsync(new TrashCounts(TrashKind.Photo, 1, 3, Due));
        await provider.Find("[data-testid=confirm-delete]").ClickAsync(new());
        Assert.True(await confirmed);

        var cancelled = await ShowAsync(new TrashCounts(TrashKind.Photo, 1, 3, Due));
        await provider.Find("[data-testid=cancel-delete]").ClickAsync(new());
        Assert.False(await cancelled);
    }

    /// <summary>
    /// Answers a dialog the test left open: an unanswered dialog keeps its task pending, and disposing the test context
    /// with it pending hung the test host (and with it a whole CI run).
    /// </summary>
    private static async Task CloseAsync(IRenderedComponent<MudDialogProvider> provider, Task<bool> answer)
    {
        await provider.Find("[data-testid=cancel-delete]").ClickAsync(new());
        Assert.False(await answer.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private async Task<Task<bool>> ShowAsync(TrashCounts counts)
    {
        Task<bool> answer = null!;
        // A statement body: as an expression the assignment is a Task<bool>, InvokeAsync would await the answer itself, and
        // the test (and with it the whole run) would wait for ever for a click that comes after.
        await Renderer.Dispatcher.InvokeAsync(() => { answer = DeleteConfirmDialog.AskAsync(Services.GetRequiredService<IDialogService>(), counts); });
        return answer;
    }
}
