using DashboardFactory.Cockpits;
using DashboardFactory.Merging;

namespace DashboardFactory.Previews;

/// <summary>
/// Adds up cockpit previews into a <see cref="ReleasePreview"/>: per shard, then the shards into the fleet.
/// Samples are kept in cockpit-id order so the same fleet always shows the same twenty.
/// </summary>
public sealed class PreviewTally
{
    private readonly Dictionary<string, int> _skipped = new(StringComparer.Ordinal);
    private readonly SortedList<string, PreviewSample> _samples = new(StringComparer.Ordinal);
    private int _total;
    private int _targeted;
    private int _clean;
    private int _conflicting;
    private int _conflicts;
    private int _failed;

    /// <summary>Cockpits the targeting left out, by reason; they count in the total and were never asked.</summary>
    public void AddUntargeted(IReadOnlyDictionary<string, int> skipped)
    {
        foreach (var (reason, count) in skipped)
        {
            Skip(reason, count);
        }
    }

    /// <summary>A target's own answer: it may still skip (its policy changed since the index saw it).</summary>
    public void Add(string cockpitId, CockpitPreview preview)
    {
        _targeted++;
        if (preview.Outcome != UpdateOutcome.Applied)
        {
            Skip(preview.SkipReason ?? SkipReasons.Missing, 1);
            return;
        }

        _total++;
        if (preview.Conflicts.Count == 0)
        {
            _clean++;
            return;
        }

        _conflicting++;
        _conflicts += preview.Conflicts.Count;
        Sample(new PreviewSample(cockpitId, [.. preview.Conflicts.Select(Conflict)]));
    }

    /// <summary>A target that could not answer (e.g. its storage failed to load).</summary>
    public void AddFailed()
    {
        _targeted++;
        _total++;
        _failed++;
    }

    public void Add(ReleasePreview part)
    {
        _total += part.Total;
        _targeted += part.Targeted;
        _clean += part.Clean;
        _conflicting += part.Conflicting;
        _conflicts += part.Conflicts;
        _failed += part.Failed;
        foreach (var (reason, count) in part.Skipped)
        {
            _skipped[reason] = _skipped.GetValueOrDefault(reason) + count;
        }

        foreach (var sample in part.Samples)
        {
            Sample(sample);
        }
    }

    public ReleasePreview ToPreview() => new(
        _total, _targeted, _clean, _conflicting, _conflicts, _failed,
        new SortedDictionary<string, int>(_skipped, StringComparer.Ordinal),
        [.. _samples.Values]);

    /// <summary>
    /// <c>$.widgets.w1.title</c> is property <c>title</c> of widget <c>w1</c>; <c>$.widgets.w1.config.kpi</c> is
    /// <c>config.kpi</c>; anything outside the widgets (the theme) has no widget.
    /// </summary>
    public static PreviewConflict Conflict(string path)
    {
        var keys = JsonMergePath.Parse(path);
        if (keys is null || keys.Count == 0)
        {
            return new PreviewConflict(null, path);
        }

        if (keys[0] == "widgets" && keys.Count >= 2)
        {
            return new PreviewConflict(keys[1], keys.Count == 2 ? "*" : string.Join('.', keys.Skip(2)));
        }

        return new PreviewConflict(null, string.Join('.', keys));
    }

    private void Skip(string reason, int count)
    {
        _total += count;
        _skipped[reason] = _skipped.GetValueOrDefault(reason) + count;
    }

    private void Sample(PreviewSample sample)
    {
        if (_samples.Count >= ReleasePreview.MaxSamples && string.CompareOrdinal(sample.CockpitId, _samples.Keys[^1]) >= 0)
        {
            return;
        }

        _samples[sample.CockpitId] = sample;
        if (_samples.Count > ReleasePreview.MaxSamples)
        {
            _samples.RemoveAt(_samples.Count - 1);
        }
    }
}
