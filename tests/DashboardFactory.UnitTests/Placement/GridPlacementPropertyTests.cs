using DashboardFactory.Placement;

namespace DashboardFactory.UnitTests.Placement;

/// <summary>Seeded random layouts, checked against a brute-force cell-by-cell scan.</summary>
public sealed class GridPlacementPropertyTests
{
    private const int Layouts = 2000;

    [Fact]
    public void SmartNeverOverlapsStaysInsideTwelveColumnsAndIsTheFirstFreeSlot()
    {
        var random = new Random(4711);
        for (var round = 0; round < Layouts; round++)
        {
            var layout = RandomLayout(random);
            var w = random.Next(-1, 16);
            var h = random.Next(0, 5);

            var placed = GridPlacement.Smart(layout, w, h);

            placed.W.Should().Be(Math.Clamp(w, 1, 12));
            placed.H.Should().Be(Math.Max(h, 1));
            placed.X.Should().BeInRange(0, 12 - placed.W);
            layout.Should().NotContain(r => r.Overlaps(placed), $"round {round}: {Describe(layout)} + {placed}");
            placed.Should().Be(FirstFreeByScanning(layout, placed.W, placed.H, 0, 12, 0), $"round {round}: {Describe(layout)}");
        }
    }

    [Fact]
    public void QuadrantNeverOverlapsAndStaysInItsColumnsAtOrBelowItsTopRow()
    {
        var random = new Random(815);
        var quadrants = Enum.GetValues<GridQuadrant>();
        for (var round = 0; round < Layouts; round++)
        {
            var layout = RandomLayout(random);
            var quadrant = quadrants[random.Next(quadrants.Length)];
            var w = random.Next(1, 7);
            var h = random.Next(1, 4);

            var placed = GridPlacement.Quadrant(layout, w, h, quadrant);

            layout.Should().NotContain(r => r.Overlaps(placed), $"round {round}: {Describe(layout)} + {placed}");
            var left = quadrant is GridQuadrant.NorthWest or GridQuadrant.SouthWest ? 0 : 6;
            placed.X.Should().BeInRange(left, left + 6 - w);
            var midpoint = (int)((GridPlacement.ContentHeight(layout) + 1) / 2);
            if (quadrant is GridQuadrant.SouthWest or GridQuadrant.SouthEast)
            {
                placed.Y.Should().BeGreaterThanOrEqualTo(midpoint);
            }

            // Whether it fits inside or falls back, it is the first free slot of the downward-extended quadrant.
            var top = quadrant is GridQuadrant.NorthWest or GridQuadrant.NorthEast ? 0 : midpoint;
            placed.Should().Be(FirstFreeByScanning(layout, w, h, left, left + 6, top), $"round {round}: {Describe(layout)}");
        }
    }

    [Fact]
    public void AppendNeverOverlaps()
    {
        var random = new Random(42);
        for (var round = 0; round < Layouts; round++)
        {
            var layout = RandomLayout(random);

            var placed = GridPlacement.Append(layout, random.Next(1, 13), random.Next(1, 4));

            layout.Should().NotContain(r => r.Overlaps(placed));
            placed.X.Should().Be(0);
        }
    }

    /// <summary>Mostly packed, sometimes overlapping or sticking out of the grid, as stored layouts can be.</summary>
    private static GridRect[] RandomLayout(Random random)
    {
        var count = random.Next(0, 14);
        var layout = new GridRect[count];
        for (var i = 0; i < count; i++)
        {
            var w = random.Next(1, 13);
            var x = random.Next(-1, 12);
            layout[i] = new GridRect(x, random.Next(0, 8), random.Next(10) == 0 ? w + 3 : Math.Min(w, 12 - Math.Max(x, 0)), random.Next(1, 4));
        }

        return layout;
    }

    private static GridRect FirstFreeByScanning(GridRect[] layout, int w, int h, int left, int right, int top)
    {
        for (var y = top; ; y++)
        {
            for (var x = left; x + w <= right; x++)
            {
                var candidate = new GridRect(x, y, w, h);
                if (!layout.Any(r => r.Overlaps(candidate)))
                {
                    return candidate;
                }
            }
        }
    }

    private static string Describe(GridRect[] layout) => string.Join(" ", layout.Select(r => $"{r.X},{r.Y},{r.W},{r.H}"));
}
