namespace DashboardFactory.Cockpits;

/// <summary>
/// What a cockpit answers a node's lease: its revision (grows with every saved change; 0 when it does not exist),
/// version and time of its last change, enough for the node to announce a change it did not hear of; and how many
/// nodes hold a lease on it now.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.CockpitWatchAnswer")]
public sealed record CockpitWatchAnswer(
    [property: Id(0)] long Revision,
    [property: Id(1)] string Version,
    [property: Id(2)] DateTimeOffset UpdatedAt,
    [property: Id(3)] int Nodes);
