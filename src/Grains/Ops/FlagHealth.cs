using DashboardFactory.Campaigns;
using DashboardFactory.Features;

namespace DashboardFactory.Ops;

/// <summary>
/// The ops board's pre-flight rules (API.md "Ops and health"). A flag is blocked when a dependency is deprecated,
/// missing or blocked, or its campaign halted; it is a warning when it has no owner, a release waits for approval,
/// a KPI its widget shows is stale or has no data, or it is deprecated itself; healthy otherwise.
/// </summary>
public static class FlagHealth
{
    /// <param name="kpiStale">Every KPI with data, and whether it is stale; a KPI missing here has never had data.</param>
    public static IReadOnlyDictionary<string, FlagVerdict> Evaluate(IReadOnlyList<FlagFacts> flags, IReadOnlyDictionary<string, bool> kpiStale)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(kpiStale);

        var byId = flags.ToDictionary(f => f.Feature.Id, StringComparer.Ordinal);
        var verdicts = new Dictionary<string, FlagVerdict>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);

        FlagVerdict Judge(FlagFacts flag)
        {
            var feature = flag.Feature;
            if (verdicts.TryGetValue(feature.Id, out var known))
            {
                return known;
            }

            // Releases refuse cycles; a cycle in stored data still must not recurse forever, so a dependency
            // met again on the way down counts as not blocked.
            visiting.Add(feature.Id);
            var blocking = new List<string>();
            foreach (var dependency in feature.Dependencies.Order(StringComparer.Ordinal))
            {
                if (!byId.TryGetValue(dependency, out var other))
                {
                    blocking.Add($"depends on {dependency}, which does not exist");
                }
                else if (other.Feature.Stage == FeatureStage.Deprecated)
                {
                    blocking.Add($"depends on {dependency}, which is deprecated" + Notice(other.Feature.DeprecationNotice));
                }
                else if (!visiting.Contains(dependency) && Judge(other).Health == FlagHealthLevel.Blocked)
                {
                    blocking.Add($"depends on {dependency}, which is blocked");
                }
            }

            if (flag.Campaign is { Status: CampaignStatus.Halted } halted)
            {
                blocking.Add($"campaign {halted.Id} halted" + Notice(halted.HaltReason));
            }

            var warning = new List<string>();
            if (feature.Stage == FeatureStage.Deprecated)
            {
                warning.Add("is deprecated" + Notice(feature.DeprecationNotice));
            }

            if (string.IsNullOrWhiteSpace(feature.EffectiveOwner))
            {
                warning.Add("has no owner");
            }

            if (feature.PendingApproval is { } pending)
            {
                warning.Add($"release {pending} waits for an admin's approval");
            }

            foreach (var kpi in feature.WidgetKpis ?? [])
            {
                if (!kpiStale.TryGetValue(kpi, out var stale))
                {
                    warning.Add($"its widget shows KPI {kpi}, which has no data");
                }
                else if (stale)
                {
                    warning.Add($"its widget shows KPI {kpi}, which is stale");
                }
            }

            visiting.Remove(feature.Id);
            var health = blocking.Count > 0 ? FlagHealthLevel.Blocked : warning.Count > 0 ? FlagHealthLevel.Warning : FlagHealthLevel.Healthy;
            var verdict = new FlagVerdict(health, [.. blocking, .. warning]);
            verdicts[feature.Id] = verdict;
            return verdict;
        }

        foreach (var flag in flags)
        {
            Judge(flag);
        }

        return verdicts;
    }

    /// <summary>Who depends on each flag (directly), in id order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Dependents(IEnumerable<FeatureSummary> features)
    {
        var dependents = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var feature in features)
        {
            foreach (var dependency in feature.Dependencies)
            {
                if (!dependents.TryGetValue(dependency, out var set))
                {
                    dependents[dependency] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.Add(feature.Id);
            }
        }

        return dependents.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value], StringComparer.Ordinal);
    }

    private static string Notice(string? text) => string.IsNullOrWhiteSpace(text) ? string.Empty : $": {text}";
}
