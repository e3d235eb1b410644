namespace DashboardFactory.Cockpits;

/// <summary>How disruptive a release is; decides the semver bump and who must approve it.</summary>
public enum ChangeType
{
    Safe = 0,
    Reviewed = 1,
    Breaking = 2,
}
