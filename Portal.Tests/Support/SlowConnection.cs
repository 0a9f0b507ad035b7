using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.Tests.Support;

/// <summary>
/// A slow link between a page and the circuit: every WebSocket frame, in each direction, arrives a fixed time after
/// it was sent, in order. Chromium's network emulation (CDP Network.emulateNetworkConditions) delays HTTP but not
/// WebSocket frames (crbug.com/563644), and a Blazor Server page talks over its WebSocket, so the frames are held
/// here, in the test, instead.
/// </summary>
public static partial class SlowConnection
{
    public static Task DelayCircuitAsync(this IPage page, TimeSpan oneWay) =>
        page.RouteWebSocketAsync(BlazorHub(), route =>
        {
            var server = route.ConnectToServer();
            var (toServer, toPage) = (new DelayLine(oneWay), new DelayLine(oneWay));
            route.OnMessage(frame => toServer.Post(() => Forward(frame, server)));
            server.OnMessage(frame => toPage.Post(() => Forward(frame, route)));
        });

    private static void Forward(IWebSocketFrame frame, IWebSocketRoute to)
    {
        if (frame.Binary is { } binary)
            to.Send(binary);
        else
            to.Send(frame.Text ?? "");
    }

    [GeneratedRegex("/_blazor")]
    private static partial Regex BlazorHub();

    /// <summary>Delivers each frame at its send time plus the delay; a frame never overtakes an earlier one.</summary>
    private sealed class DelayLine(TimeSpan delay)
    {
        private readonly Lock _gate = new();
        private Task _last = Task.CompletedTask;

        public void Post(Action deliver)
        {
            var due = TimeProvider.System.GetUtcNow() + delay;
            lock (_gate)
                _last = _last.ContinueWith(async _ =>
                {
                    var wait = due - TimeProvider.System.GetUtcNow();
                    if (wait > TimeSpan.Zero)
                        await Task.Delay(wait);
                    try
                    {
                        deliver();
                    }
                    catch (PlaywrightException)
                    {
                        // The page or the server closed the socket while the frame was held: nobody is left to receive it.
                    }
                }, TaskScheduler.Default).Unwrap();
        }
    }
}
