using Orleans.Concurrency;

namespace DashboardFactory.Fleet;

/// <summary>
/// Owns the index entries of the cockpits that hash to this shard. Reentrant so that the upserts of a
/// rollout arriving together are group-committed: they all change the in-memory map, then share one state
/// write, and each caller returns only once a write that includes its change has completed.
/// </summary>
[Reentrant]
public sealed class FleetIndexShardGrain(
    [PersistentState("fleetIndex", ProviderNames.Storage)] IPersistentState<FleetIndexState> index) : Grain, IFleetIndexShardGrain
{
    // The live map. Reentrant calls change it while a write is under way, so the storage provider is always
    // handed a copy: serializing a dictionary that another call is changing throws.
    private Dictionary<string, FleetEntry> _entries = new(StringComparer.Ordinal);

    // What the store is known to hold: the map of the last write that completed (or of the activation's read).
    // An entry that is in the live map but not here was written by a write that failed, so asking for it again
    // must write again, not answer "already there": otherwise a cockpit's retried reindex after a storage fault
    // returns success for an entry the store never saw, and the next activation of this shard loses it.
    private IReadOnlyDictionary<string, FleetEntry> _stored = new Dictionary<string, FleetEntry>(StringComparer.Ordinal);

    private GroupCommit? _commit;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _entries = index.State.ReadEntries();
        _stored = new Dictionary<string, FleetEntry>(_entries, StringComparer.Ordinal);
        _commit = new GroupCommit(async () =>
        {
            var copy = new Dictionary<string, FleetEntry>(_entries, StringComparer.Ordinal);
            index.State = FleetIndexState.Of(copy.Values);
            await index.WriteStateAsync();
            _stored = copy;
        });
        return Task.CompletedTask;
    }

    public Task UpsertAsync(FleetEntry entry)
    {
        if (_entries.TryGetValue(entry.CockpitId, out var known) && Same(known, entry)
            && _stored.TryGetValue(entry.CockpitId, out var stored) && Same(stored, entry))
        {
            return Task.CompletedTask;
        }

        _entries[entry.CockpitId] = entry;
        return PersistAsync();
    }

    public Task RemoveAsync(string cockpitId) =>
        _entries.Remove(cockpitId) || _stored.ContainsKey(cockpitId) ? PersistAsync() : Task.CompletedTask;

    public Task<IReadOnlyList<FleetEntry>> QueryAsync(FleetFilter filter)
    {
        IReadOnlyList<FleetEntry> page = [.. _entries.Values
            .Where(e => filter.AfterId is null || string.CompareOrdinal(e.CockpitId, filter.AfterId) > 0)
            .Where(e => filter.Feature is null || e.Features.ContainsKey(filter.Feature))
            .Where(e => filter.Cohort is null || e.Cohorts.Contains(filter.Cohort))
            .Where(e => filter.Owner is null || e.OwnerId == filter.Owner)
            .OrderBy(e => e.CockpitId, StringComparer.Ordinal)
            .Take(filter.Limit)];
        return Task.FromResult(page);
    }

    public Task<IReadOnlyList<string>> RolloutTargetsAsync(DashboardFactory.Cockpits.FeatureRelease release, IReadOnlyList<string> cohorts) =>
        Task.FromResult<IReadOnlyList<string>>([.. _entries.Values
            .Where(e => RolloutTargeting.IsTarget(e, release, cohorts))
            .Select(e => e.CockpitId)]);

    public Task<FleetClassification> ClassifyAsync(DashboardFactory.Cockpits.FeatureRelease release, IReadOnlyList<string> cohorts)
    {
        var targets = new List<string>();
        var skipped = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in _entries.Values)
        {
            if (RolloutTargeting.SkipReason(entry, release, cohorts) is { } reason)
            {
                skipped[reason] = skipped.GetValueOrDefault(reason) + 1;
            }
            else
            {
                targets.Add(entry.CockpitId);
            }
        }

        return Task.FromResult(new FleetClassification(targets, skipped));
    }

    public Task<IReadOnlyDictionary<string, int>> InstallationCountsAsync()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var feature in _entries.Values.SelectMany(e => e.Features.Keys))
        {
            counts[feature] = counts.GetValueOrDefault(feature) + 1;
        }

        return Task.FromResult<IReadOnlyDictionary<string, int>>(counts);
    }

    public Task<int> CountAsync() => Task.FromResult(_entries.Count);

    public Task<IReadOnlyDictionary<string, int>> InstallationsAsync(string featureId) =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(_entries.Values
            .Select(e => e.Features.GetValueOrDefault(featureId))
            .OfType<string>()
            .GroupBy(v => v, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));

    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>>> InstallationsOfAsync(IReadOnlyList<string> featureIds)
    {
        var wanted = featureIds.ToHashSet(StringComparer.Ordinal);
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> counts = _entries.Values
            .SelectMany(e => e.Features.Where(f => wanted.Contains(f.Key)))
            .GroupBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyDictionary<string, int>)g.GroupBy(f => f.Value, StringComparer.Ordinal).ToDictionary(v => v.Key, v => v.Count(), StringComparer.Ordinal),
                StringComparer.Ordinal);
        return Task.FromResult(counts);
    }

    private Task PersistAsync() => _commit!.CommitAsync();

    // Record equality compares the cohort list and feature map by reference, and every upsert brings new ones.
    private static bool Same(FleetEntry a, FleetEntry b) =>
        a with { Cohorts = b.Cohorts, Features = b.Features } == b
        && a.Cohorts.SequenceEqual(b.Cohorts, StringComparer.Ordinal)
        && a.Features.Count == b.Features.Count
        && a.Features.All(f => b.Features.TryGetValue(f.Key, out var v) && string.Equals(v, f.Value, StringComparison.Ordinal));
}
