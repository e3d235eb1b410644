namespace DashboardFactory.Api.RealTime;

/// <summary>What <see cref="KpiRelay.SubscribeAsync"/> did.</summary>
public enum KpiSubscribeOutcome
{
    Subscribed,

    /// <summary>The connection is already gone (a subscribe that raced its own disconnect).</summary>
    Gone,

    /// <summary>The connection holds Limits:MaxKpiSubscriptionsPerConnection feeds already.</summary>
    ConnectionFull,

    /// <summary>The user holds Limits:MaxKpiSubscriptionsPerUser feeds on this node already.</summary>
    UserFull,
}
