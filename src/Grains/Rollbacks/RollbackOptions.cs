namespace DashboardFactory.Rollbacks;

/// <summary>The "Rollbacks" section.</summary>
public sealed class RollbackOptions
{
    public const string Section = "Rollbacks";

    /// <summary>Cockpits reverted at once (direct grain calls; the database's pool is the real limit).</summary>
    public int Concurrency { get; set; } = 256;

    /// <summary>After this many failed attempts a cockpit is marked failed with the last reason.</summary>
    public int MaxAttempts { get; set; } = 3;
}
