namespace DashboardFactory.Placement;

/// <summary>A widget's rectangle on the cockpit grid, in grid units: columns X..X+W-1, rows Y..Y+H-1.</summary>
public readonly record struct GridRect(int X, int Y, int W, int H)
{
    // long, because stored documents are not trusted to keep X + W or Y + H inside int.
    public long Right => (long)X + W;

    public long Bottom => (long)Y + H;

    /// <summary>A rectangle without area occupies no cell, so it can never be in the way.</summary>
    public bool IsEmpty => W <= 0 || H <= 0;

    public bool Overlaps(GridRect other) =>
        !IsEmpty && !other.IsEmpty
        && X < other.Right && other.X < Right
        && Y < other.Bottom && other.Y < Bottom;
}
