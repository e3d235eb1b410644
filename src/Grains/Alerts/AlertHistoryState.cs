namespace DashboardFactory.Alerts;

[GenerateSerializer, Alias("DashboardFactory.Alerts.AlertHistoryState")]
public sealed class AlertHistoryState
{
    /// <summary>Newest first.</summary>
    [Id(0)] public List<AlertEvent> Items { get; set; } = [];
}
