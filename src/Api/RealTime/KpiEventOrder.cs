using DashboardFactory.Kpis;

namespace DashboardFactory.Api.RealTime;

/// <summary>
/// Which events of one feed to forward. Events from a stream grain may arrive out of order (Orleans does not order
/// separate one-way calls): one older than the newest forwarded is dropped when its bucket's newer value went out
/// already, but a bucket's final value that the next bucket's first overtook still goes out, once, late.
/// </summary>
public sealed class KpiEventOrder
{
    private readonly Lock _gate = new();
    private long _newestId = long.MinValue;

    /// <summary>The newest id forwarded of a bucket older than the newest one.</summary>
    private long _closedId = long.MinValue;

    public bool Admit(long id)
    {
        lock (_gate)
        {
            if (id > _newestId)
            {
                if (_newestId != long.MinValue && KpiStreamEvent.BucketOf(id) != KpiStreamEvent.BucketOf(_newestId))
                {
                    _closedId = _newestId;
                }

                _newestId = id;
                return true;
            }

            if (KpiStreamEvent.BucketOf(id) < KpiStreamEvent.BucketOf(_newestId) && id > _closedId)
            {
                _closedId = id;
                return true;
            }

            return false;
        }
    }
}
