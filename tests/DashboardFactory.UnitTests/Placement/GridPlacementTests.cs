using System.Globalization;
using DashboardFactory.Placement;

namespace DashboardFactory.UnitTests.Placement;

/// <summary>Layouts are written "x,y,w,h x,y,w,h …" so each table row reads like the grid it describes.</summary>
public sealed class GridPlacementTests
{
    [Theory]
    [InlineData("", 4, 2, "0,0,4,2")]
    [InlineData("0,0,6,2 6,0,6,4", 4, 1, "0,4,4,1")]
    [InlineData("0,0,12,1", 12, 3, "0,1,12,3")]
    [InlineData("0,3,2,1 4,0,2,1", 3, 1, "0,4,3,1")]
    [InlineData("0,0,2,1", 20, 1, "0,1,12,1")]
    [InlineData("0,0,2,1", 0, 0, "0,1,1,1")]
    [InlineData("0,0,0,5 0,0,4,-1", 3, 1, "0,0,3,1")]
    public void AppendPutsTheWidgetInColumnZeroBelowEverything(string layout, int w, int h, string expected) =>
        GridPlacement.Append(Layout(layout), w, h).Should().Be(Rect(expected));

    [Theory]
    [InlineData("", 4, 2, "0,0,4,2")]
    [InlineData("0,0,4,2", 4, 2, "4,0,4,2")]
    [InlineData("0,0,4,2 4,0,4,2", 4, 1, "8,0,4,1")]
    [InlineData("0,0,12,1", 3, 1, "0,1,3,1")]
    [InlineData("0,0,6,2 6,0,6,2", 1, 1, "0,2,1,1")]
    [InlineData("0,0,3,1 9,0,3,1", 6, 1, "3,0,6,1")]
    [InlineData("0,0,3,1 9,0,3,1", 7, 1, "0,1,7,1")]
    [InlineData("0,0,12,1 0,1,4,1 8,1,4,1 0,2,12,1", 4, 1, "4,1,4,1")]
    [InlineData("0,0,12,1 0,1,4,1 8,1,4,1 0,2,12,1", 5, 1, "0,3,5,1")]
    [InlineData("0,0,4,3 4,0,4,1 8,0,4,3", 4, 2, "4,1,4,2")]
    [InlineData("0,0,4,3 4,0,4,1 8,0,4,3 4,2,4,1", 4, 2, "0,3,4,2")]
    [InlineData("0,0,4,1 4,1,4,1", 8, 1, "4,0,8,1")]
    [InlineData("0,0,1,1", 14, 2, "0,1,12,2")]
    [InlineData("0,0,1,1", 12, 0, "0,1,12,1")]
    [InlineData("-2,0,4,1", 2, 1, "2,0,2,1")]
    [InlineData("0,0,12,1 0,0,6,3", 6, 1, "6,1,6,1")]
    [InlineData("0,2,12,1", 12, 2, "0,0,12,2")]
    [InlineData("0,2,12,1", 12, 3, "0,3,12,3")]
    [InlineData("0,0,0,9 3,0,-1,9", 12, 1, "0,0,12,1")]
    public void SmartTakesTheFirstFreeSlotRowsFirstThenColumns(string layout, int w, int h, string expected) =>
        GridPlacement.Smart(Layout(layout), w, h).Should().Be(Rect(expected));

    [Theory]
    // Empty grid: no content to be north or south of, so every quadrant starts at row 0.
    [InlineData("", "nw", 3, 2, "0,0,3,2")]
    [InlineData("", "ne", 3, 2, "6,0,3,2")]
    [InlineData("", "sw", 3, 2, "0,0,3,2")]
    [InlineData("", "se", 6, 1, "6,0,6,1")]
    // Content height 4, midpoint 2: north is rows 0-1, south rows 2-3.
    [InlineData("0,0,3,4", "nw", 3, 2, "3,0,3,2")]
    [InlineData("0,0,3,4", "ne", 6, 2, "6,0,6,2")]
    [InlineData("0,0,3,4", "sw", 3, 2, "3,2,3,2")]
    [InlineData("0,0,3,4", "se", 6, 2, "6,2,6,2")]
    [InlineData("0,0,12,2 0,2,2,2 8,2,4,2", "sw", 4, 2, "2,2,4,2")]
    [InlineData("0,0,12,2 0,2,2,2 8,2,4,2", "se", 2, 2, "6,2,2,2")]
    // Odd content height 3: the midpoint rounds up to 2.
    [InlineData("0,0,12,1 0,1,1,2", "nw", 2, 1, "1,1,2,1")]
    [InlineData("0,0,12,1 0,1,1,2", "sw", 2, 1, "1,2,2,1")]
    public void QuadrantTakesTheFirstFreeSlotInsideTheQuadrant(string layout, string quadrant, int w, int h, string expected) =>
        GridPlacement.Quadrant(Layout(layout), w, h, Parse(quadrant)).Should().Be(Rect(expected));

    [Theory]
    // A full quadrant: the first free slot below it, in the same columns.
    [InlineData("0,0,6,4", "sw", 6, 1, "0,4,6,1")]
    [InlineData("6,0,6,6 0,0,6,1", "ne", 3, 1, "6,6,3,1")]
    [InlineData("0,0,12,2", "nw", 4, 1, "0,2,4,1")]
    [InlineData("0,0,12,2", "se", 4, 1, "6,2,4,1")]
    [InlineData("0,0,6,1 0,1,6,1 6,0,6,9", "nw", 6, 1, "0,2,6,1")]
    // Free room that is too short: the slot may start inside the quadrant and run past its bottom edge.
    [InlineData("0,0,6,1 6,0,6,4", "nw", 6, 2, "0,1,6,2")]
    // The south half is never searched above the midpoint, even when that is free.
    [InlineData("6,0,6,4", "sw", 6, 1, "0,2,6,1")]
    public void QuadrantFallsBackBelowTheQuadrantInTheSameColumns(string layout, string quadrant, int w, int h, string expected) =>
        GridPlacement.Quadrant(Layout(layout), w, h, Parse(quadrant)).Should().Be(Rect(expected));

    [Theory]
    [InlineData("0,0,4,1", "nw", 8, 1, "4,0,8,1")]
    [InlineData("0,0,4,1", "se", 7, 2, "4,0,7,2")]
    [InlineData("0,0,4,1", "sw", 30, 1, "0,1,12,1")]
    public void QuadrantPlacesWidgetsWiderThanAQuadrantLikeSmart(string layout, string quadrant, int w, int h, string expected)
    {
        var placed = GridPlacement.Quadrant(Layout(layout), w, h, Parse(quadrant));

        placed.Should().Be(Rect(expected)).And.Be(GridPlacement.Smart(Layout(layout), w, h));
    }

    [Theory]
    [InlineData("nw", GridQuadrant.NorthWest)]
    [InlineData("NE", GridQuadrant.NorthEast)]
    [InlineData(" sw ", GridQuadrant.SouthWest)]
    [InlineData("se", GridQuadrant.SouthEast)]
    public void QuadrantNamesFromTheDocumentParse(string text, GridQuadrant expected)
    {
        GridPlacement.TryParseQuadrant(text, out var quadrant).Should().BeTrue();
        quadrant.Should().Be(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("north")]
    [InlineData("n")]
    public void UnknownQuadrantNamesDoNotParse(string? text) => GridPlacement.TryParseQuadrant(text, out _).Should().BeFalse();

    [Fact]
    public void HugeCoordinatesInStoredLayoutsDoNotOverflow()
    {
        var layout = new[] { new GridRect(0, int.MaxValue - 1, 12, int.MaxValue) };

        var append = () => GridPlacement.Append(layout, 4, 1);
        var smart = () => GridPlacement.Smart(layout, 4, 1);

        append.Should().NotThrow().Which.Y.Should().Be(int.MaxValue - 1);
        smart.Should().NotThrow().Which.Should().Be(new GridRect(0, 0, 4, 1));
    }

    internal static GridRect[] Layout(string layout) =>
        layout.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Rect).ToArray();

    internal static GridRect Rect(string rect)
    {
        var n = rect.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new GridRect(n[0], n[1], n[2], n[3]);
    }

    private static GridQuadrant Parse(string quadrant) =>
        GridPlacement.TryParseQuadrant(quadrant, out var parsed) ? parsed : throw new ArgumentException(quadrant);
}
