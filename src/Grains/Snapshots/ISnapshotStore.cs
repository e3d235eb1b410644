using DashboardFactory.Cockpits;

namespace DashboardFactory.Snapshots;

/// <summary>
/// Append-only history of cockpits. Kept outside grain state on purpose: a history inside the cockpit's
/// state would be rewritten whole on every change, while a snapshot is written once and read rarely.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>Completes once the snapshot is durable. A snapshot id already stored for the cockpit is left as it was.</summary>
    Task SaveAsync(Snapshot snapshot);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<SnapshotSummary>> ListAsync(string cockpitId);

    Task<Snapshot?> GetAsync(string cockpitId, string snapshotId);

    /// <summary>Deletes snapshots taken before <paramref name="cutoff"/>; returns how many went.</summary>
    Task<long> TrimAsync(DateTimeOffset cutoff);
}
