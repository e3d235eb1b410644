namespace DashboardFactory.Kpis;

/// <summary>
/// The "KpiStreams" section: live KPI publishing. Silos read the coalescing window, the check interval and the replay buffer; API nodes
/// read the lease and SSE settings (a node declares its lease TTL with every renewal, so silos and nodes cannot
/// disagree about it). Kept apart from the ingestion settings so each side owns its own section.
/// </summary>
public sealed class KpiStreamOptions
{
    public const string Section = "KpiStreams";

    /// <summary>
    /// Changes are pushed by the KPI grain, not polled: the first change of a watched KPI goes out at once, later
    /// changes within this window are merged into one trailing push at its end (a lone change in the window's second
    /// half goes at once: see <see cref="KpiPushCoalescer"/>). Zero pushes every change at once.
    /// </summary>
    public TimeSpan Coalesce { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How often a watched KPI's stream grain checks its leases (a dead node's lapse) and re-reads the KPI, which
    /// renews its watch on the KPI grain (lost when that grain moved or restarted) and publishes a change a lost
    /// push missed. A safety net, not the way changes travel: at least 1 s. Nothing runs while nobody watches.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the silo's stream pulling agents wait after finding their queue empty (the Orleans default, 100 ms).
    /// It bounds the delay from a publish to its delivery on the provider's streams, which now carry only alerts and
    /// credential changes: KPI values and cockpit updates go straight to the observers of the nodes that lease them.
    /// Shorter costs idle CPU on every silo (eight queues polled this often) for no live path.
    /// </summary>
    public TimeSpan StreamPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

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

    /// <summary>Longest coalescing window: beyond it a "live" value is no longer live.</summary>
    public static readonly TimeSpan MaxCoalesce = TimeSpan.FromSeconds(10);

    public const string Rules =
        "KpiStreams: Coalesce from 00:00:00 to 00:00:10, PollInterval at least 00:00:01, StreamPollInterval from 1 ms to 1 s, ReplayBufferSize from 1 to 100000, LeaseTtl from 00:00:00.3 to 00:10:00, " +
        "SseKeepAlive and SseRetry positive, SseResumeGrace not negative.";

    public bool IsValid =>
        Coalesce >= TimeSpan.Zero && Coalesce <= MaxCoalesce
        && PollInterval >= TimeSpan.FromSeconds(1)
        && StreamPollInterval >= TimeSpan.FromMilliseconds(1) && StreamPollInterval <= TimeSpan.FromSeconds(1)
        && ReplayBufferSize is >= 1 and <= 100_000
        && LeaseTtl >= MinLeaseTtl && LeaseTtl <= MaxLeaseTtl
        && SseKeepAlive > TimeSpan.Zero
        && SseRetry > TimeSpan.Zero
        && SseResumeGrace >= TimeSpan.Zero;
}
