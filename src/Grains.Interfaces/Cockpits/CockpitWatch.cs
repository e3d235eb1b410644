namespace DashboardFactory.Cockpits;

/// <summary>
/// An API node's lease on one cockpit's updates: how many of its local clients watch it, valid for <see cref="Ttl"/>
/// unless renewed. Every renewal carries the whole count, so a cockpit that lost its memory (moved to another silo)
/// is watched again after the node's next renewal. Zero watchers releases the lease. <see cref="Push"/>, when the node
/// listens for them, is where the silo may send the updates directly instead of through <see cref="Observer"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.CockpitWatch")]
public sealed record CockpitWatch(
    [property: Id(0)] string NodeId,
    [property: Id(1)] int Watchers,
    [property: Id(2)] TimeSpan Ttl,
    [property: Id(3)] ICockpitObserver Observer,
    [property: Id(4)] CockpitPushAddress? Push = null);
