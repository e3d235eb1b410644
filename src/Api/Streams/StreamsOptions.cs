namespace DashboardFactory.Api.Streams;

/// <summary>The "Streams" section: tickets, CORS and the cockpit event stream of an API node.</summary>
public sealed class StreamsOptions
{
    public const string Section = "Streams";

    /// <summary>Origins (e.g. "https://wall.example.com") whose pages may read the stream GETs cross-origin. Empty: none.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a ticket may be used to connect.</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Events a node keeps per watched cockpit for clients resuming with Last-Event-ID.</summary>
    public int ReplayBufferSize { get; set; } = 64;

    /// <summary>A cockpit's events are kept this long after its last stream on this node closed, so a reconnect resumes without a gap.</summary>
    public TimeSpan ResumeGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A ": keep-alive" comment on an idle cockpit stream.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The "retry:" the cockpit stream tells EventSource to wait before reconnecting.</summary>
    public TimeSpan Retry { get; set; } = TimeSpan.FromSeconds(3);

    public bool IsValid() =>
        TicketLifetime > TimeSpan.Zero && TicketLifetime <= TimeSpan.FromMinutes(10)
        && ReplayBufferSize is > 0 and <= 10_000
        && ResumeGrace >= TimeSpan.Zero && KeepAlive > TimeSpan.Zero && Retry > TimeSpan.Zero
        && AllowedOrigins.All(o => o == "*" || (Uri.TryCreate(o, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/" && !o.EndsWith('/')));
}
