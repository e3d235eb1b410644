namespace DashboardFactory.Kpis;

/// <summary>
/// The "KpiStreams" section: live KPI publishing. Silos read the poll interval and the replay buffer; API nodes
/// read the lease and SSE settings (a node declares its lease TTL with every renewal, so silos and nodes cannot
/// disagree about it). Kept apart from the ingestion settings so each side owns its own section.
/// </summary>
public sealed class KpiStreamOptions
{
    public const string Section = "KpiStreams";

    /// <summary>How often a watched KPI is polled; a change is published at most this often (at least 1 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the silo's stream pulling agents wait after finding their queue empty (the Orleans default is 100 ms).
    /// It bounds the delay from a publish to its delivery on every stream of the provider, so it sets the floor
    /// of live-KPI latency; 10 ms costs each silo a few hundred cheap empty-queue checks per second.
    /// </summary>
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Events each (code, period) keeps for SSE clients resuming with Last-Event-ID.</summary>
    public int ReplayBufferSize { get; set; } = 256;

    /// <summary>A node's lease lapses this long after its last renewal; nodes renew every third of it.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A comment line sent on an idle SSE stream this often, so proxies keep it open.</summary>
    public TimeSpan SseKeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The reconnection delay told to SSE clients (the "retry:" field).</summary>
    public TimeSpan SseRetry { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a closed SSE stream keeps its lease, so a client that reconnects (after <see cref="SseRetry"/>)
    /// resumes from the grain's buffer without a gap.
    /// </summary>
    public TimeSpan SseResumeGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest lease a grain grants, whatever a node asks for.</summary>
    public static readonly TimeSpan MaxLeaseTtl = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan MinLeaseTtl = TimeSpan.FromMilliseconds(300);

    public const string Rules =
        "KpiStreams: PollInterval at least 00:00:01, StreamPollInterval from 1 ms to 1 s, ReplayBufferSize from 1 to 100000, LeaseTtl from 00:00:00.3 to 00:10:00, " +
        "SseKeepAlive and SseRetry positive, SseResumeGrace not negative.";

    public bool IsValid =>
        PollInterval >= TimeSpan.FromSeconds(1)
        && StreamPollInterval >= TimeSpan.FromMilliseconds(1) && StreamPollInterval <= TimeSpan.FromSeconds(1)
        && ReplayBufferSize is >= 1 and <= 100_000
        && LeaseTtl >= MinLeaseTtl && LeaseTtl <= MaxLeaseTtl
        && SseKeepAlive > TimeSpan.Zero
        && SseRetry > TimeSpan.Zero
        && SseResumeGrace >= TimeSpan.Zero;
}
