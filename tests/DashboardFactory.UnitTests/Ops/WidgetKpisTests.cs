using DashboardFactory.Features;

namespace DashboardFactory.UnitTests.Ops;

public sealed class WidgetKpisTests
{
    [Theory]
    [InlineData("""{"kpi":"otd","period":"hour"}""", new[] { "otd" })]
    [InlineData("""{"kpis":["a","b","a"],"kpi":"b"}""", new[] { "b", "a" })]
    [InlineData("""{"kpi":"bad id!","kpis":[1,null,"ok"]}""", new[] { "ok" })]
    [InlineData("""[]""", new string[0])]
    [InlineData("""not json""", new string[0])]
    [InlineData("", new string[0])]
    public void AWidgetShowsTheKpisOfItsConfig(string config, string[] expected) =>
        WidgetKpis.Of(config).Should().Equal(expected);
}
