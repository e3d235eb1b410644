namespace DashboardFactory;

/// <summary>Stream namespaces on <see cref="ProviderNames.Streams"/>; the stream key is the grain or group the events are about.</summary>
public static class StreamNamespaces
{
    /// <summary>Campaign → cockpit rollout messages, keyed by cockpit id (implicit subscription on the cockpit grain).</summary>
    public const string Rollouts = "rollouts";

    /// <summary>Cockpit → API nodes: a cockpit changed, keyed by cockpit id. API nodes subscribe per watched cockpit.</summary>
    public const string CockpitEvents = "cockpit-events";

    /// <summary>Alerts about one cockpit (e.g. a widget rolled back), keyed by cockpit id; sent to its watchers as "alert".</summary>
    public const string CockpitAlerts = "cockpit-alerts";

    /// <summary>KPI stream grain → API nodes: "kpiValue" events, keyed "{code}:{period}". API nodes subscribe while they have local watchers.</summary>
    public const string KpiValues = "kpi-values";
}
