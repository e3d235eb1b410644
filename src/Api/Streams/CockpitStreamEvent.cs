namespace DashboardFactory.Api.Streams;

/// <summary>
/// One event of a cockpit's SSE stream: "cockpitUpdated" or "alert", with its data and an id. Ids are the event's
/// time in microseconds since the Unix epoch (kept strictly increasing per cockpit), so they mean the same on every
/// API node and a client can resume on another one.
/// </summary>
public sealed record CockpitStreamEvent(long Id, string Name, object Data)
{
    public const string CockpitUpdated = "cockpitUpdated";
    public const string Alert = "alert";

    public static long IdAt(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
