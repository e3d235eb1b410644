namespace DashboardFactory;

/// <summary>Stream namespaces on <see cref="ProviderNames.Streams"/>; the stream key is the grain or group the events are about.</summary>
public static class StreamNamespaces
{
    /// <summary>
    /// Alerts about one cockpit (e.g. a widget rolled back), keyed by partition (see <see cref="CockpitStreams"/>);
    /// every API node subscribes to all and sends each to the cockpit's watchers as "alert". (A cockpit's updates do
    /// not travel on a stream: the cockpit sends them to the observer of each node that leases it.)
    /// </summary>
    public const string CockpitAlerts = "cockpit-alerts";

    /// <summary>KPI stream grain → API nodes: "kpiValue" events, keyed "{code}:{period}". API nodes subscribe while they have local watchers.</summary>
    public const string KpiValues = "kpi-values";

    /// <summary>
    /// User grain → API nodes: a user's token was rotated or revoked, or their role changed, so the connections that
    /// authenticated as them must close. One stream (key <see cref="UserCredentialsChanged.StreamKey"/>): such
    /// changes are rare, and every API node needs all of them.
    /// </summary>
    public const string UserCredentials = "user-credentials";
}
