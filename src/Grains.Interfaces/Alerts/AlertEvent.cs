namespace DashboardFactory.Alerts;

/// <summary>
/// Something an admin or operator should see now (a stage change, a halted campaign, a rollback). API nodes
/// forward these to SignalR as "alert"; they travel on the <see cref="Streams"/> stream namespace.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Alerts.AlertEvent")]
public sealed record AlertEvent(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? FeatureId,
    [property: Id(3)] string? CockpitId,
    [property: Id(4)] DateTimeOffset At)
{
    public const string Namespace = "alerts";

    /// <summary>The stream key for alerts meant for every admin.</summary>
    public const string Admins = "admins";
}
