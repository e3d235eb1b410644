using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace DashboardFactory.Audit;

/// <summary>The embedded default's audit log: one per process, so in-process test silos share it.</summary>
public sealed class MemoryAuditLog : IAuditLog
{
    public static MemoryAuditLog Shared { get; } = new();

    private readonly ConcurrentDictionary<(string, string), ImmutableList<AuditEntry>> _entries = new();
    private readonly ConcurrentDictionary<string, bool> _seen = new(StringComparer.Ordinal);

    public Task AppendAsync(string subjectType, string subjectId, string entryId, AuditEntry entry)
    {
        if (_seen.TryAdd(entryId, true))
        {
            _entries.AddOrUpdate((subjectType, subjectId), _ => [entry], (_, list) => list.Add(entry));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ListAsync(string subjectType, string subjectId) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(_entries.TryGetValue((subjectType, subjectId), out var list) ? list : []);
}
