namespace DashboardFactory.Campaigns;

/// <summary>The "Campaigns" section: how fast and how carefully a rollout goes.</summary>
public sealed class CampaignOptions
{
    public const string Section = "Campaigns";

    /// <summary>At most this many cockpits sent to and not yet answered (each one queued on its cockpit until it is applied).</summary>
    public int Window { get; set; } = 2000;

    /// <summary>Messages sent per step (the window permitting).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How often the campaign sends, re-sends and saves its progress.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How often progress is saved while answers come in. Losing unsaved answers in a crash is harmless: those
    /// cockpits are sent again and skip a version they already have, which counts as applied.
    /// </summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>No answer after this long (doubled per attempt, capped at 16×) means send again.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After this many attempts a cockpit is marked failed with the last reason.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>
    /// Cumulative share of the targets reached by the end of each wave, in percent; unset means 1, 10, 50, 100.
    /// (No default in the property: the configuration binder appends to an array rather than replacing it.)
    /// </summary>
    public double[]? Waves { get; set; }

    public IReadOnlyList<double> EffectiveWaves => Waves is { Length: > 0 } ? Waves : [1, 10, 50, 100];

    /// <summary>A wave whose failed share exceeds this (0–1) halts the campaign.</summary>
    public double HaltFailureRate { get; set; } = 0.2;
}
