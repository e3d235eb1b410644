namespace DashboardFactory.Api.Watching;

/// <summary>The "CockpitWatch" section: this API node's leases on the cockpits its clients watch.</summary>
public sealed class CockpitWatchOptions
{
    public const string Section = "CockpitWatch";

    /// <summary>
    /// A node's lease on a watched cockpit lapses this long after its last renewal; the node renews every third of it.
    /// It bounds how long a dead node is still sent updates, and how long after a cockpit moved (a silo left) the node
    /// notices and announces the change it may have missed.
    /// </summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);

    public const string Rules = "CockpitWatch:LeaseTtl must be from 00:00:00.3 to 00:10:00.";

    public bool IsValid => LeaseTtl >= TimeSpan.FromMilliseconds(300) && LeaseTtl <= TimeSpan.FromMinutes(10);
}
