using System.Reflection;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Infrastructure.Cases;
using Portal.Infrastructure.Lifecycle;
using Portal.Infrastructure.Lifecycle.Subjects;
using Portal.Tests.Support;
using Portal.Web.Components.Cases;
using Portal.Web.Components.Lifecycle;

namespace Portal.Tests.Web.Components;

/// <summary>
/// The confirmations of acts that cannot be undone (dissolving a template, moving to the trash, deleting a subject's
/// photos): Escape answers Cancel, never the act, and focus starts on Cancel, not on the dialog's frame.
/// </summary>
public sealed class ConfirmationDialogKeyboardTests : PortalComponentTest
{
    public static TheoryData<string> Dialogs => ["dissolve", "delete", "subject"];

    [Theory]
    [MemberData(nameof(Dialogs))]
    public async Task EscapeCancels(string dialog)
    {
        var provider = Render<MudDialogProvider>();
        var answer = await AskAsync(dialog);
        // The key interceptor listens on the dialog's container element.
        var frame = provider.WaitForElement(".mud-dialog-container");

        await PressEscapeAsync(frame.Id!);

        try
        {
            Assert.False(await answer.WaitAsync(TimeSpan.FromSeconds(5)));
        }
        finally
        {
            // An unanswered dialog left pending hangs the test host when the context is disposed (DeleteConfirmDialogTests).
            if (!answer.IsCompleted)
                await provider.Find("[data-testid^=cancel]").ClickAsync(new());
        }
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll(".mud-dialog")));
    }

    [Theory]
    [MemberData(nameof(Dialogs))]
    public async Task FocusStartsOnCancel(string dialog)
    {
        var provider = Render<MudDialogProvider>();
        var answer = await AskAsync(dialog);
        provider.WaitForElement(".mud-dialog");

        var trap = provider.FindComponent<MudFocusTrap>();
        var firstButton = provider.FindAll(".mud-dialog button").First();

        Assert.Equal(DefaultFocus.FirstChild, trap.Instance.DefaultFocus);
        Assert.StartsWith("cancel", firstButton.GetAttribute("data-testid"));
        await firstButton.ClickAsync(new());
        Assert.False(await answer.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>
    /// What the browser's key interceptor does when Escape is pressed in the dialog: it calls the service's JS-invokable
    /// OnKeyDown (internal to MudBlazor, so reached by its name) with the element's id.
    /// </summary>
    private async Task PressEscapeAsync(string elementId)
    {
        var keys = Services.GetRequiredService<IKeyInterceptorService>();
        var onKeyDown = keys.GetType().GetMethod("OnKeyDown", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(string), typeof(KeyboardEventArgs)]);
        Assert.NotNull(onKeyDown);
        var escape = new KeyboardEventArgs { Key = "Escape", Code = "Escape", Type = "keydown" };
        await Renderer.Dispatcher.InvokeAsync(() => (Task)onKeyDown.Invoke(keys, [elementId, escape])!);
    }

    private async Task<Task<bool>> AskAsync(string dialog)
    {
        var dialogs = Services.GetRequiredService<IDialogService>();
        Task<bool> answer = null!;
        await Renderer.Dispatcher.InvokeAsync(() =>
        {
            answer = dialog switch
            {
                "dissolve" => DissolveTemplateDialog.AskAsync(dialogs, new TemplateView(Guid.NewGuid(), "Second set", false, null, null, [], [])),
                "delete" => DeleteConfirmDialog.AskAsync(dialogs, new TrashCounts(TrashKind.Case, 1, 2, new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero))),
                _ => ConfirmSubjectDeletionDialog.AskAsync(dialogs, new SubjectDeletionCounts(1, 1, 1, Held: 0)),
            };
        });
        return answer;
    }
}
