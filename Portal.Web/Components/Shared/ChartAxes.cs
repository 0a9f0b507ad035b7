using MudBlazor;

namespace Portal.Web.Components.Shared;

/// <summary>
/// Axis settings for the portal's bar charts. MudBlazor spaces the value axis every 20 by default, so a chart of
/// counts under 20 had only the ticks 0 and 20; here the step follows the data (1, 2, 5, 10, 20, 50 …) to give about
/// five ticks, and the category labels are turned so that neighbouring ones do not run into each other.
/// </summary>
public static class ChartAxes
{
    private const int TargetTicks = 5;

    public static BarChartOptions Bars(double largestValue, string categoryTitle, string valueTitle) => new()
    {
        YAxisTicks = TickStep(largestValue),
        XAxisLabelRotation = 45,
        XAxisTitle = categoryTitle,
        YAxisTitle = valueTitle,
    };

    /// <summary>The smallest of 1, 2, 5, 10, 20, 50, … that draws at most about five ticks up to the largest value.</summary>
    public static int TickStep(double largestValue)
    {
        // Bounded: a count never needs a step above 500,000,000 (and NaN must not loop for ever).
        for (var magnitude = 1; magnitude <= 100_000_000; magnitude *= 10)
            foreach (var step in new[] { 1, 2, 5 })
                if (largestValue <= (double)step * magnitude * TargetTicks)
                    return step * magnitude;
        return 500_000_000;
    }
}
