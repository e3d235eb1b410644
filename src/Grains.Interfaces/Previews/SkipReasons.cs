namespace DashboardFactory.Previews;

/// <summary>Why a rollout leaves a cockpit alone: the keys of a preview's <c>skipped</c> counts.</summary>
public static class SkipReasons
{
    /// <summary>Auto-update is off, or the change type is above what the cockpit's policy accepts.</summary>
    public const string Policy = "policy";

    /// <summary>The release targets cohorts the cockpit is in none of.</summary>
    public const string Cohort = "cohort";

    /// <summary>The cockpit has this version or a newer one already.</summary>
    public const string Installed = "installed";

    /// <summary>The fleet index lists the cockpit but the cockpit does not exist.</summary>
    public const string Missing = "missing";
}
