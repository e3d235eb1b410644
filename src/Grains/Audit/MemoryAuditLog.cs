using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace DashboardFactory.Audit;

/// <summary>
/// The embedded default's audit log: one per cluster id, so the silos of an in-process test cluster share it and
/// parallel test clusters do not. Bounded by the webhook retention (see <see cref="Trim"/>), since a process that
/// runs for weeks must not grow without end.
/// </summary>
public sealed class MemoryAuditLog : IAuditLog
{
    private static readonly ConcurrentDictionary<string, MemoryAuditLog> Clusters = new(StringComparer.Ordinal);

    public static MemoryAuditLog For(string clusterId) => Clusters.GetOrAdd(clusterId, _ => new MemoryAuditLog());

    private readonly ConcurrentDictionary<(string, string), ImmutableList<(string Id, AuditEntry Entry)>> _entries = new();
    private readonly ConcurrentDictionary<string, bool> _seen = new(StringComparer.Ordinal);

    public Task AppendAsync(string subjectType, string subjectId, string entryId, AuditEntry entry)
    {
        if (_seen.TryAdd(entryId, true))
        {
            _entries.AddOrUpdate((subjectType, subjectId), _ => [(entryId, entry)], (_, list) => list.Add((entryId, entry)));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ListAsync(string subjectType, string subjectId) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(_entries.TryGetValue((subjectType, subjectId), out var list) ? [.. list.Select(e => e.Entry)] : []);

    /// <summary>Forgets entries older than <paramref name="before"/>; returns how many.</summary>
    public long Trim(DateTimeOffset before)
    {
        long removed = 0;
        foreach (var key in _entries.Keys)
        {
            var gone = new List<string>();
            _entries.AddOrUpdate(key, _ => [], (_, list) =>
            {
                gone.Clear();
                gone.AddRange(list.Where(e => e.Entry.At < before).Select(e => e.Id));
                return gone.Count == 0 ? list : list.RemoveAll(e => e.Entry.At < before);
            });
            foreach (var id in gone)
            {
                _seen.TryRemove(id, out _);
            }

            removed += gone.Count;
            if (_entries.TryGetValue(key, out var left) && left.IsEmpty)
            {
                _entries.TryRemove(KeyValuePair.Create(key, left));
            }
        }

        return removed;
    }
}
