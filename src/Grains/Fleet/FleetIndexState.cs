namespace DashboardFactory.Fleet;

[GenerateSerializer, Alias("DashboardFactory.Fleet.FleetIndexState")]
public sealed class FleetIndexState
{
    [Id(0)] public Dictionary<string, FleetEntry> Entries { get; set; } = new(StringComparer.Ordinal);
}
