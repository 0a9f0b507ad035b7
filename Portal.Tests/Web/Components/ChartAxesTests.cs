using Portal.Web.Components.Shared;

namespace Portal.Tests.Web.Components;

public sealed class ChartAxesTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(5, 1)]      // 0..5 in ones: the accuracy chart's tallest bar was 5 under a lone tick at 20
    [InlineData(6, 2)]
    [InlineData(23, 5)]
    [InlineData(100, 20)]
    [InlineData(1234, 500)]
    public void TheValueAxisStepGivesAboutFiveTicks(double largest, int step)
    {
        Assert.Equal(step, ChartAxes.TickStep(largest));
    }

    [Fact]
    public void NotANumberStillGivesAStep()
    {
        Assert.Equal(500_000_000, ChartAxes.TickStep(double.NaN));
    }
}
