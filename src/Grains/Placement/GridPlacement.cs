namespace DashboardFactory.Placement;

/// <summary>
/// Where a new w×h widget goes on the 12-column cockpit grid, given the rectangles of the visible widgets
/// already there. Pure functions: same input, same answer; existing widgets are never moved.
/// </summary>
/// <remarks>
/// <para>Requested sizes are normalised first: W is clamped to 1..12 and H to at least 1.</para>
/// <para>Existing rectangles are taken as given, even if they overlap each other or stick out of the grid;
/// rectangles with no area are ignored.</para>
/// <para>"First free slot" always means: the smallest row, and within that row the smallest column, at which
/// the new rectangle overlaps nothing. Only rows 0 and the bottom edges of existing widgets (and columns 0
/// and their right edges) can be such a first slot: if a free slot is at any other row, the rectangle could
/// move one row up without meeting anything, so it was not the first. That keeps the search independent of
/// how far down the grid reaches.</para>
/// </remarks>
public static class GridPlacement
{
    public const int Columns = 12;

    /// <summary>Quadrants are half the grid wide: west is columns 0–5, east is 6–11.</summary>
    public const int QuadrantColumns = Columns / 2;

    /// <summary>Column 0, directly below everything: the row under the lowest bottom edge (0 on an empty grid).</summary>
    public static GridRect Append(IReadOnlyCollection<GridRect> existing, int w, int h)
    {
        ArgumentNullException.ThrowIfNull(existing);
        (w, h) = Normalise(w, h);
        return Make(0, ContentHeight(existing), w, h);
    }

    /// <summary>The first free slot anywhere on the grid, scanning rows top-down and columns left to right.</summary>
    public static GridRect Smart(IReadOnlyCollection<GridRect> existing, int w, int h)
    {
        ArgumentNullException.ThrowIfNull(existing);
        (w, h) = Normalise(w, h);
        // Unbounded below, so a slot always exists: at the content height nothing is in the way.
        return FirstFree(existing, w, h, 0, Columns, 0, long.MaxValue)!.Value;
    }

    /// <summary>
    /// The first free slot inside the requested quadrant.
    /// </summary>
    /// <remarks>
    /// <para>Columns: west is 0–5, east is 6–11. Rows are split at the midpoint of the current content height C
    /// (the lowest bottom edge), rounded up: M = ceil(C / 2). North is rows [0, M), south is rows [M, C).
    /// On an empty grid C = M = 0, so both halves start at row 0: with no content there is nothing to be north
    /// or south of, and the first widget should not leave an empty row above itself.</para>
    /// <para>If nothing fits inside the quadrant, the quadrant is extended downwards without limit (same columns,
    /// same top row) and the first free slot there is taken: it lies below the quadrant, or starts inside it and
    /// runs past its bottom edge. This always succeeds, at the latest at row C.</para>
    /// <para>A widget wider than a quadrant (W &gt; 6) cannot honour the request, so it is placed by <see cref="Smart"/>.</para>
    /// </remarks>
    public static GridRect Quadrant(IReadOnlyCollection<GridRect> existing, int w, int h, GridQuadrant quadrant)
    {
        ArgumentNullException.ThrowIfNull(existing);
        (w, h) = Normalise(w, h);
        if (w > QuadrantColumns)
        {
            return Smart(existing, w, h);
        }

        var west = quadrant is GridQuadrant.NorthWest or GridQuadrant.SouthWest;
        var north = quadrant is GridQuadrant.NorthWest or GridQuadrant.NorthEast;
        var left = west ? 0 : QuadrantColumns;
        var right = left + QuadrantColumns;
        var contentHeight = ContentHeight(existing);
        var midpoint = (contentHeight + 1) / 2;
        var top = north ? 0 : midpoint;
        var bottom = north ? midpoint : contentHeight;

        return FirstFree(existing, w, h, left, right, top, bottom)
            ?? FirstFree(existing, w, h, left, right, top, long.MaxValue)!.Value;
    }

    /// <summary>Accepts the document's spelling of a quadrant: nw, ne, sw, se (any case, surrounding spaces ignored).</summary>
    public static bool TryParseQuadrant(string? value, out GridQuadrant quadrant)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "nw":
                quadrant = GridQuadrant.NorthWest;
                return true;
            case "ne":
                quadrant = GridQuadrant.NorthEast;
                return true;
            case "sw":
                quadrant = GridQuadrant.SouthWest;
                return true;
            case "se":
                quadrant = GridQuadrant.SouthEast;
                return true;
            default:
                quadrant = default;
                return false;
        }
    }

    /// <summary>The lowest bottom edge of all widgets, or 0 for an empty grid.</summary>
    public static long ContentHeight(IReadOnlyCollection<GridRect> existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        long height = 0;
        foreach (var rect in existing)
        {
            if (!rect.IsEmpty && rect.Bottom > height)
            {
                height = rect.Bottom;
            }
        }

        return height;
    }

    private static (int W, int H) Normalise(int w, int h) => (Math.Clamp(w, 1, Columns), Math.Max(h, 1));

    /// <summary>
    /// First slot, rows before columns, with left ≤ x, x + w ≤ right, top ≤ y and y + h ≤ bottom that overlaps
    /// nothing, or null if the region has none.
    /// </summary>
    private static GridRect? FirstFree(
        IReadOnlyCollection<GridRect> existing, int w, int h, int left, int right, long top, long bottom)
    {
        var lastX = right - w;
        if (lastX < left)
        {
            return null;
        }

        var rows = new List<long> { top };
        var columns = new List<long> { left };
        foreach (var rect in existing)
        {
            if (rect.IsEmpty)
            {
                continue;
            }

            if (rect.Bottom > top)
            {
                rows.Add(rect.Bottom);
            }

            if (rect.Right > left && rect.Right <= lastX)
            {
                columns.Add(rect.Right);
            }
        }

        rows.Sort();
        columns.Sort();
        var previousRow = long.MinValue;
        foreach (var y in rows)
        {
            if (y == previousRow)
            {
                continue;
            }

            previousRow = y;
            if (y + h > bottom)
            {
                break;
            }

            var previousColumn = long.MinValue;
            foreach (var x in columns)
            {
                if (x == previousColumn)
                {
                    continue;
                }

                previousColumn = x;
                var candidate = Make((int)x, y, w, h);
                if (!OverlapsAny(existing, candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool OverlapsAny(IReadOnlyCollection<GridRect> existing, GridRect candidate)
    {
        foreach (var rect in existing)
        {
            if (rect.Overlaps(candidate))
            {
                return true;
            }
        }

        return false;
    }

    // Rows beyond int only arise from absurd stored coordinates; saturating keeps the result representable.
    private static GridRect Make(int x, long y, int w, int h) => new(x, (int)Math.Min(y, int.MaxValue - h), w, h);
}
