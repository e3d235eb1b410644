namespace DashboardFactory.Api.RateLimiting;

/// <summary>
/// The "RateLimits" section (API.md "Limits"). Each limit is per API node and per token: the user (or admin) the
/// token signs in, so tickets count against the token that asked for them. 0 turns a limit off.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests per minute to /api/streams (tickets and streams) and /hubs.</summary>
    public int RequestsPerTokenPerMinute { get; set; } = 600;

    /// <summary>Open SSE streams, hub connections and GraphQL WebSocket connections at once.</summary>
    public int StreamsPerToken { get; set; } = 50;

    /// <summary>Writes (POST, PUT, PATCH, DELETE to /api) per user and minute; admins are not counted.</summary>
    public int WritesPerUserPerMinute { get; set; } = 600;

    public bool IsValid() => RequestsPerTokenPerMinute >= 0 && StreamsPerToken >= 0 && WritesPerUserPerMinute >= 0;
}
