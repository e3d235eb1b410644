using System.Collections.Concurrent;
using System.Collections.Immutable;
using DashboardFactory.Cockpits;

namespace DashboardFactory.Snapshots;

/// <summary>
/// The embedded default's store. One instance per process (not per silo) so that in-process test clusters,
/// whose silos each build their own container, see one history wherever a cockpit activates.
/// </summary>
public sealed class MemorySnapshotStore : ISnapshotStore
{
    public static MemorySnapshotStore Shared { get; } = new();

    private readonly ConcurrentDictionary<string, ImmutableList<Snapshot>> _byCockpit = new(StringComparer.Ordinal);

    public Task SaveAsync(Snapshot snapshot)
    {
        // Like the table's primary key: the same snapshot id twice is written once.
        _byCockpit.AddOrUpdate(snapshot.CockpitId, _ => [snapshot], (_, list) => list.Any(s => s.Id == snapshot.Id) ? list : list.Add(snapshot));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SnapshotSummary>> ListAsync(string cockpitId) =>
        Task.FromResult<IReadOnlyList<SnapshotSummary>>(_byCockpit.TryGetValue(cockpitId, out var list)
            ? [.. list.OrderByDescending(s => s.TakenAt).ThenByDescending(s => s.Id, StringComparer.Ordinal).Select(s => s.Summary())]
            : []);

    public Task<Snapshot?> GetAsync(string cockpitId, string snapshotId) =>
        Task.FromResult(_byCockpit.TryGetValue(cockpitId, out var list) ? list.FirstOrDefault(s => s.Id == snapshotId) : null);

    public Task<long> TrimAsync(DateTimeOffset cutoff)
    {
        long removed = 0;
        foreach (var key in _byCockpit.Keys)
        {
            _byCockpit.AddOrUpdate(key, _ => [], (_, list) =>
            {
                var kept = list.RemoveAll(s => s.TakenAt < cutoff);
                Interlocked.Add(ref removed, list.Count - kept.Count);
                return kept;
            });
        }

        return Task.FromResult(removed);
    }
}
