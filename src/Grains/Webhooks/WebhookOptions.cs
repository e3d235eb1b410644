namespace DashboardFactory.Webhooks;

/// <summary>The "Webhooks" section, read by the silos (delivery, SSRF guard, retention).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// CIDR ranges (e.g. "127.0.0.0/8", "10.1.0.0/16", "fd00::/8") a webhook may reach although they are loopback,
    /// link-local, private, unique-local, multicast or unspecified. Empty: none of those.
    /// </summary>
    public string[] AllowedNetworks { get; set; } = [];

    /// <summary>The first retry waits up to this long (full jitter); each later one up to four times longer.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>No retry waits longer than this, whatever the backoff or a Retry-After asks.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Attempts per event and webhook; after the last failure the delivery is abandoned.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>One attempt: connect, send, and the receiver's answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a rotated-out secret keeps signing as a second signature.</summary>
    public TimeSpan RotationGrace { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Outbox events and delivery log lines older than this are removed.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the dispatcher applies the retention.</summary>
    public TimeSpan TrimPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the dispatcher reads the outbox when no write nudged it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts one webhook has in flight at once.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Outbox events dispatched, and deliveries loaded, per step.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>
    /// Base64 of 32 bytes: the AES-256-GCM key webhook secrets are encrypted with at rest. Unset: the embedded mode
    /// makes one per process (its webhooks live in memory too); cluster mode makes one and keeps it in the database.
    /// </summary>
    public string? SecretKey { get; set; }

    /// <summary>How often a silo renews its copy of the registry (changes are pushed at once; this heals a lost push).</summary>
    public TimeSpan SubscriptionRefresh { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this much of a receiver's answer is kept in the delivery log (the 1 KB).</summary>
    public const int MaxResponseBytes = 1024;

    public IEnumerable<string> Problems()
    {
        if (RetryBaseDelay <= TimeSpan.Zero || MaxRetryDelay < RetryBaseDelay)
        {
            yield return "Webhooks: RetryBaseDelay must be positive and MaxRetryDelay at least RetryBaseDelay.";
        }

        if (MaxAttempts is < 1 or > 100)
        {
            yield return "Webhooks: MaxAttempts must be from 1 to 100.";
        }

        if (Timeout <= TimeSpan.Zero || RotationGrace < TimeSpan.Zero || Retention <= TimeSpan.Zero || TrimPeriod <= TimeSpan.Zero
            || PollInterval <= TimeSpan.Zero || SubscriptionRefresh <= TimeSpan.Zero)
        {
            yield return "Webhooks: Timeout, Retention, TrimPeriod, PollInterval and SubscriptionRefresh must be positive, RotationGrace not negative.";
        }

        if (MaxConcurrency < 1 || BatchSize < 1)
        {
            yield return "Webhooks: MaxConcurrency and BatchSize must be at least 1.";
        }

        foreach (var network in AllowedNetworks)
        {
            if (!IpNetwork.TryParse(network, out _))
            {
                yield return $"Webhooks: AllowedNetworks entry '{network}' is not a CIDR range such as 127.0.0.0/8 or fd00::/8.";
            }
        }

        if (!string.IsNullOrEmpty(SecretKey) && !SecretProtector.IsValidKey(SecretKey))
        {
            yield return "Webhooks: SecretKey must be the base64 of exactly 32 bytes (e.g. `openssl rand -base64 32`).";
        }
    }
}
