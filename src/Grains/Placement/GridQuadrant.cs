namespace DashboardFactory.Placement;

/// <summary>The four quadrants a widget can be asked to land in; see <see cref="GridPlacement.Quadrant"/>.</summary>
public enum GridQuadrant
{
    NorthWest,
    NorthEast,
    SouthWest,
    SouthEast,
}
