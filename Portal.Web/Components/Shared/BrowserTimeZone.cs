using Microsoft.JSInterop;

namespace Portal.Web.Components.Shared;

/// <summary>
/// The time zone of the person's browser, asked once per circuit. Times are entered and shown in it, with
/// UTC alongside; UTC is used when the browser cannot say (or before the circuit is interactive).
/// </summary>
public sealed class BrowserTimeZone(IJSRuntime js)
{
    private TimeZoneInfo? _zone;

    public async Task<TimeZoneInfo> GetAsync()
    {
        if (_zone is not null)
            return _zone;
        try
        {
            var id = await js.InvokeAsync<string?>("portal.timeZone");
            _zone = id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.Utc;
        }
        catch (InvalidOperationException)
        {
            return TimeZoneInfo.Utc; // prerendering: no browser to ask yet
        }
        catch (JSException)
        {
            _zone = TimeZoneInfo.Utc;
        }
        return _zone;
    }

    /// <summary>A wall-clock time in the zone as an instant; an impossible time (skipped by a clock change) moves forward an hour.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
            unspecified = unspecified.AddHours(1);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);
}
