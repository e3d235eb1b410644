using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Snapshots;

/// <summary>
/// Owns the retention schedule. One reminder and one DELETE for the whole fleet, rather than a reminder per
/// cockpit: 10,000 reminders would cost more than the snapshots they trim.
/// </summary>
public sealed partial class SnapshotRetentionGrain(
    [PersistentState("snapshotRetention", ProviderNames.Storage)] IPersistentState<SnapshotRetentionState> retention,
    ISnapshotStore store,
    IOptions<SnapshotOptions> options,
    TimeProvider time,
    ILogger<SnapshotRetentionGrain> logger) : Grain, ISnapshotRetentionGrain, IRemindable
{
    public const string ReminderName = "trim-snapshots";

    /// <summary>Register-or-update is idempotent, so every silo may call it at start; a changed period takes effect.</summary>
    public async Task EnsureScheduledAsync()
    {
        var period = options.Value.TrimPeriod < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : options.Value.TrimPeriod;
        await this.RegisterOrUpdateReminder(ReminderName, period, period);
    }

    public async Task<long> TrimNowAsync()
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        var removed = await store.TrimAsync(cutoff);
        LogTrimmed(removed, cutoff);

        // Recorded so the ops board can show when retention last ran; the trim itself is done either way.
        retention.State.LastTrimmedAt = time.GetUtcNow();
        retention.State.LastRemoved = removed;
        await retention.WriteStateAsync();
        return removed;
    }

    public Task<SnapshotRetentionStatus> StatusAsync() => Task.FromResult(new SnapshotRetentionStatus(
        options.Value.Retention, options.Value.TrimPeriod, retention.State.LastTrimmedAt, retention.State.LastRemoved));

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == ReminderName ? TrimNowAsync() : Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Trimmed {Removed} snapshots taken before {Cutoff}")]
    private partial void LogTrimmed(long removed, DateTimeOffset cutoff);
}
