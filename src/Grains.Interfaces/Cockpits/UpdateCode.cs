namespace DashboardFactory.Cockpits;

/// <summary>
/// What a cockpit update did, as a value callers decide on. The result's reason is the same fact as a sentence for
/// people: it may be reworded at any time, so no code reads it.
/// </summary>
public enum UpdateCode
{
    /// <summary>The release was merged in (maybe with conflicts, which the result lists).</summary>
    Installed = 0,

    /// <summary>The feature was taken out by the reverse merge.</summary>
    Removed = 1,

    /// <summary>The snapshot taken before the feature's install was restored.</summary>
    Restored = 2,

    /// <summary>Skipped: the cockpit has this very version, so an earlier attempt installed it.</summary>
    AlreadyInstalled = 3,

    /// <summary>Skipped: the cockpit has a newer version of the feature.</summary>
    NewerInstalled = 4,

    /// <summary>Skipped: the cockpit does not have the feature to remove, so an earlier attempt took it off.</summary>
    NotInstalled = 5,

    /// <summary>Skipped: auto-update is off, or the change type is above what the cockpit's policy accepts.</summary>
    PolicyRefuses = 6,

    /// <summary>Skipped: there is no such cockpit.</summary>
    CockpitMissing = 7,

    /// <summary>The change could not be made (the reason says why); asking again may succeed.</summary>
    Failed = 8,
}
