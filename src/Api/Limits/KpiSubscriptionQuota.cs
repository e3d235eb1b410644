using DashboardFactory.Limits;
using Microsoft.Extensions.Options;

namespace DashboardFactory.Api.Limits;

/// <summary>
/// How many live KPI feeds each user holds on this API node (hub subscriptions, SSE streams and GraphQL subscriptions
/// together), bounded by Limits:MaxKpiSubscriptionsPerUser: each feed costs a lease, a stream grain and its timers, so
/// one token must not be able to open them without end. Per node: a user spread over n nodes may hold n times as many.
/// </summary>
public sealed class KpiSubscriptionQuota(IOptions<LimitsOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);

    public int PerUser => options.Value.MaxKpiSubscriptionsPerUser;

    public bool TryAcquire(string user)
    {
        lock (_gate)
        {
            var held = _held.GetValueOrDefault(user);
            if (held >= PerUser)
            {
                return false;
            }

            _held[user] = held + 1;
            return true;
        }
    }

    public void Release(string user, int count = 1)
    {
        lock (_gate)
        {
            var held = _held.GetValueOrDefault(user) - count;
            if (held > 0)
            {
                _held[user] = held;
            }
            else
            {
                _held.Remove(user);
            }
        }
    }

    public int Held(string user)
    {
        lock (_gate)
        {
            return _held.GetValueOrDefault(user);
        }
    }
}
