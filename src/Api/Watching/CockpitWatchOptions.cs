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

    /// <summary>
    /// Whether this node listens for silos to push its cockpit updates on a link of their own
    /// (<see cref="CockpitPushListener"/>). Unset: yes on a node in client mode, no on one that co-hosts its silo
    /// (the updates do not leave the process there).
    /// </summary>
    public bool? Push { get; set; }

    /// <summary>
    /// The host or address silos connect to for this node's push link. Unset: 127.0.0.1 when the cluster is found on
    /// localhost (no database), else the machine's first IPv4 address that is up and not loopback.
    /// </summary>
    public string? PushHost { get; set; }

    /// <summary>The push link's port; 0 (the default) takes any free one, which the node tells silos in its leases.</summary>
    public int PushPort { get; set; }

    public const string Rules = "CockpitWatch:LeaseTtl must be from 00:00:00.3 to 00:10:00, and CockpitWatch:PushPort from 0 to 65535.";

    public bool IsValid => LeaseTtl >= TimeSpan.FromMilliseconds(300) && LeaseTtl <= TimeSpan.FromMinutes(10) && PushPort is >= 0 and <= 65535;
}
