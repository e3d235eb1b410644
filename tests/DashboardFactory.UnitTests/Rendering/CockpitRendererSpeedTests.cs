using System.Diagnostics;
using DashboardFactory.Rendering;
using Xunit.Abstractions;

namespace DashboardFactory.UnitTests.Rendering;

/// <summary>A rough speed report, printed and deliberately not asserted: CI machines vary too much for a bound.</summary>
public sealed class CockpitRendererSpeedTests(ITestOutputHelper output)
{
    [Fact]
    public void RenderingATwentyWidgetCockpitTwoThousandTimesReportsMicrosecondsPerRender()
    {
        var document = CockpitDocuments.TwentyWidgets();
        for (var i = 0; i < 50; i++)
        {
            CockpitRenderer.Render("c", "1", document);
        }

        const int renders = 2000;
        var stopwatch = Stopwatch.StartNew();
        RenderedPage? page = null;
        for (var i = 0; i < renders; i++)
        {
            page = CockpitRenderer.Render("c", "1", document);
        }

        stopwatch.Stop();
        output.WriteLine($"warm (widget HTML seen before): {stopwatch.Elapsed.TotalMicroseconds / renders:F1} µs/render, {page!.Html.Length:N0} chars");

        // Every widget's HTML unique, so each render pays for 20 full sanitizer runs.
        const int coldRenders = 50;
        var cold = Enumerable.Range(0, coldRenders).Select(i => CockpitDocuments.TwentyWidgets($"<i>{Guid.NewGuid()}</i>")).ToList();
        stopwatch.Restart();
        foreach (var coldDocument in cold)
        {
            CockpitRenderer.Render("c", "1", coldDocument);
        }

        stopwatch.Stop();
        output.WriteLine($"cold (all widget HTML new): {stopwatch.Elapsed.TotalMicroseconds / coldRenders:F1} µs/render");
        page.Html.Should().NotBeEmpty();
    }
}
