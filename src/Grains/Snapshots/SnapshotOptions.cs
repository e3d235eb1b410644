namespace DashboardFactory.Snapshots;

/// <summary>The "Snapshots" section.</summary>
public sealed class SnapshotOptions
{
    public const string Section = "Snapshots";

    /// <summary>How long a snapshot is kept (the seed's 30 days).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the retention reminder trims. Orleans reminders fire at most once a minute.</summary>
    public TimeSpan TrimPeriod { get; set; } = TimeSpan.FromHours(1);
}
