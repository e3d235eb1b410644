namespace DashboardFactory.Cockpits;

/// <summary>
/// Where a silo may push an API node's cockpit updates directly (see <see cref="CockpitPushWire"/>): the node's
/// listening host and port, and the secret a silo proves it got through the cluster (a lease) before the node accepts
/// anything from it. Absent on a node that co-hosts its silo or has push turned off; then updates take the observer.
/// </summary>
[GenerateSerializer, Immutable, Alias("DashboardFactory.Cockpits.CockpitPushAddress")]
public sealed record CockpitPushAddress(
    [property: Id(0)] string Host,
    [property: Id(1)] int Port,
    [property: Id(2)] string Token)
{
    /// <summary>Never the token: addresses are logged.</summary>
    public override string ToString() => $"{Host}:{Port}";
}
