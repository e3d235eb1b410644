namespace DashboardFactory.Kpis;

/// <summary>
/// Decides when the changes of one watched KPI stream go out. The first change goes out at once and opens a window
/// of <c>KpiStreams:Coalesce</c>; changes within it are held, latest per bucket, and go out together at its end (the
/// trailing push). Pure: the caller passes the time in and publishes what it is handed, so the rules are tested on a
/// fake clock.
/// </summary>
/// <remarks>
/// A trailing push opens the next window only when it merged more than one change, i.e. the KPI really changes
/// faster than the window: then it gets one push per window. A trailing push that carried a single change closes the
/// window, so a feed at about one point per window is not phase-locked to an old window (which would delay every
/// later point by the jitter of the first): its next change goes out at once again.
///
/// A lone change in the second half of a window (nothing held yet) goes out at once too, and opens a window of its
/// own. It is the next point of a feed at about one point per window that came a little early, or came on time after
/// its predecessor came late: held, it would wait out the rest of the window and so inherit the predecessor's
/// lateness (measured: the first point of a 10/s feed after a pause arrived 42 ms late and the next one, on time,
/// was held 38 ms). A burst still goes out as the first change at once and the rest merged at the window's end, and
/// pushes stay at least half a window apart unless one is a trailing push: at most about two per window, as before,
/// and one per window while the KPI is busy.
///
/// Values are kept per bucket, so a bucket's final value is never replaced by the first value of the next bucket:
/// both go out, oldest bucket first, in the same push. Event ids grow with the bucket and its count, so a value whose
/// id is not above the newest one seen (a duplicate, the safety-net re-read of a value already pushed, or a call
/// overtaken by a newer one) is dropped.
/// </remarks>
public sealed class KpiPushCoalescer(TimeSpan window)
{
    private readonly List<KpiValue> _pending = [];
    private long _newestId = long.MinValue;
    private DateTimeOffset? _windowEnd;
    private int _heldChanges;

    /// <summary>When the held changes are due (the window's end); null when nothing is held.</summary>
    public DateTimeOffset? DueAt => _pending.Count > 0 ? _windowEnd : null;

    /// <summary>A value the subscribers already have (the baseline they were answered with): not pushed, and nothing older is.</summary>
    public void Known(KpiValue value) => _newestId = Math.Max(_newestId, KpiStreamEvent.IdOf(value));

    /// <summary>
    /// One change: the values of the buckets it touched, oldest bucket first. Returns what to publish now (oldest
    /// first); empty when the change is held for the trailing push or brought nothing new.
    /// </summary>
    public IReadOnlyList<KpiValue> Offer(IReadOnlyList<KpiValue> values, DateTimeOffset now)
    {
        var changed = false;
        foreach (var value in values)
        {
            var id = KpiStreamEvent.IdOf(value);
            if (id <= _newestId)
            {
                continue;
            }

            _newestId = id;
            changed = true;
            var held = _pending.FindIndex(p => p.BucketStart == value.BucketStart);
            if (held >= 0)
            {
                _pending[held] = value;
            }
            else
            {
                _pending.Add(value);
            }
        }

        if (!changed)
        {
            return [];
        }

        if (_windowEnd is { } end && now < end && (_heldChanges > 0 || end - now > window / 2))
        {
            _heldChanges++;
            return [];
        }

        _windowEnd = window > TimeSpan.Zero ? now + window : null;
        _heldChanges = 0;
        return Take();
    }

    /// <summary>The trailing push: the held values once the window is over (empty before), and the next window if the KPI is busy.</summary>
    public IReadOnlyList<KpiValue> Flush(DateTimeOffset now)
    {
        if (_pending.Count == 0 || _windowEnd is not { } end || now < end)
        {
            return [];
        }

        _windowEnd = _heldChanges > 1 ? now + window : null;
        _heldChanges = 0;
        return Take();
    }

    /// <summary>Forgets what is held (nobody watches any more); what was seen still counts as seen.</summary>
    public void Drop()
    {
        _pending.Clear();
        _windowEnd = null;
        _heldChanges = 0;
    }

    private KpiValue[] Take()
    {
        var due = _pending.ToArray();
        _pending.Clear();
        return due;
    }
}
