namespace DashboardFactory.Rollbacks;

/// <summary>
/// revert: take the feature out by the reverse three-way merge, keeping every later customization.
/// snapshot: restore the last snapshot taken before the install (what the seed describes).
/// </summary>
public enum RollbackMode
{
    Revert = 0,
    Snapshot = 1,
}
