namespace DashboardFactory;

/// <summary>Names of the Orleans providers, shared by grains and every host so they cannot drift apart.</summary>
public static class ProviderNames
{
    /// <summary>
    /// Grain state storage used by every persistent grain. The ADO.NET provider keys a row by state name and
    /// grain key, not by grain type, so each grain type must use a state name of its own ("user", "cockpit", ...).
    /// </summary>
    public const string Storage = "Default";

    /// <summary>Stream provider for events to API nodes (explicit subscriptions, tracked by pub-sub).</summary>
    public const string Streams = "StreamProvider";

    /// <summary>Storage the stream provider keeps its subscriptions in (the name Orleans looks for).</summary>
    public const string PubSubStore = "PubSubStore";
}
