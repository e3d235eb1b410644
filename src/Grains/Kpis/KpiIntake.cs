namespace DashboardFactory.Kpis;

/// <summary>
/// The first look at a batch of points: each is rejected (with its reason, <see cref="KpiPointRules"/>), a duplicate
/// (an id seen recently or earlier in the batch), or a candidate to store.
/// </summary>
public static class KpiIntake
{
    public static (List<KpiRejection> Rejections, List<(int Index, KpiPoint Point)> Candidates, int Duplicates) Sort(
        IReadOnlyList<KpiPoint> points, DateTimeOffset now, KpiOptions options, RecentIds recentIds)
    {
        var rejections = new List<KpiRejection>();
        var candidates = new List<(int Index, KpiPoint Point)>();
        var duplicates = 0;
        var seenInBatch = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            var reason = KpiPointRules.Check(point.Id, point.Ts, point.Value, now, options);
            if (reason is not null)
            {
                rejections.Add(new KpiRejection(i, point.Id, reason));
            }
            else if (point.Id is not null && (recentIds.Contains(point.Id) || !seenInBatch.Add(point.Id)))
            {
                duplicates++;
            }
            else
            {
                candidates.Add((i, point));
            }
        }

        return (rejections, candidates, duplicates);
    }
}
