namespace DashboardFactory;

/// <summary>
/// Where a cockpit's alerts travel to the API nodes: one of <see cref="Partitions"/> streams, chosen by a stable hash
/// of the cockpit id, rather than one stream per cockpit. (Its updates, far more frequent, go straight to the nodes
/// that lease the cockpit: see ICockpitObserver.)
/// </summary>
/// <remarks>
/// A queued (memory) stream's pulling agent registers itself as producer with the pub-sub rendezvous grain of
/// every stream it sees, and that grain persists the registration: with a stream per cockpit, a rollout to
/// 10,000 cockpits cost 10,000 extra state writes and reads whether or not anyone was watching. With a fixed
/// set of partition streams that cost is paid once; every API node subscribes to all partitions and forwards
/// only the alerts of cockpits its own connections watch.
/// </remarks>
public static class CockpitStreams
{
    /// <summary>Fixed for the life of a cluster: producers and subscribers must agree on it.</summary>
    public const int Partitions = 16;

    /// <summary>The stream key, in <see cref="StreamNamespaces.CockpitAlerts"/>, a cockpit's alerts travel on.</summary>
    public static string KeyOf(string cockpitId) => Key(PartitionOf(cockpitId));

    /// <summary>Every partition's stream key: what an API node subscribes to.</summary>
    public static IEnumerable<string> AllKeys() => Enumerable.Range(0, Partitions).Select(Key);

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes and runtimes, unlike string.GetHashCode.</summary>
    public static int PartitionOf(string cockpitId)
    {
        var hash = 2166136261u;
        foreach (var c in cockpitId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Partitions);
    }

    private static string Key(int partition) => "p" + partition.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
