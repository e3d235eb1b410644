namespace DashboardFactory.Ops;

/// <summary>A flag's health on the ops board, worst last.</summary>
public enum FlagHealthLevel
{
    Healthy = 0,
    Warning = 1,
    Blocked = 2,
}
