namespace DashboardFactory.Telemetry;

/// <summary>What kind of change a cockpit saved: the <c>change</c> tag of the cockpits-updated counter, a small fixed set.</summary>
public enum CockpitChange
{
    Customized = 0,
    Installed = 1,
    Removed = 2,
    Restored = 3,
}
